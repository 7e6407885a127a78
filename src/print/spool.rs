//! Sending a printed PDF to a printer through the operating system's print service: CUPS `lp`
//! on Linux and macOS, the shell's print verb on Windows. The PDF stays on disk as the record of
//! what was printed; the print service gets the same file.

use std::path::Path;
use std::process::Command;

use crate::i18n::{Lang, print as t};

/// A print job handed to the print service.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sent {
    pub printer: String,
    /// The print service's job id (`kaidan-test-12`), empty where the service tells none.
    pub job: String,
}

/// A print job's name: the kind and the numbers, shortened past a few (CUPS takes at most 255
/// bytes: "dispatch SO-2026-00001 … SO-2026-01000 (1000)").
pub fn job_title(kind: &str, numbers: &[String]) -> String {
    let short = numbers.len() <= 3 && numbers.iter().map(String::len).sum::<usize>() < 200;
    match numbers {
        [first, .., last] if !short => {
            let cut = |text: &str| text.chars().take(60).collect::<String>();
            format!("{kind} {} … {} ({})", cut(first), cut(last), numbers.len())
        }
        _ => format!("{kind} {}", numbers.join(" ")).trim_end().to_string(),
    }
}

/// Hand `pdf` to `printer` with `title` as the job's name. The message of a failure says what the
/// print service said, in the user's language.
pub fn send(pdf: &Path, printer: &str, title: &str, lang: Lang) -> Result<Sent, String> {
    if !crate::domain::settings::valid_printer_name(printer) {
        return Err(t::PRINTER_NAME_BAD.fill(lang, &[("printer", &printer)]));
    }
    let output = command(pdf, printer, title).output().map_err(|error| {
        if error.kind() == std::io::ErrorKind::NotFound {
            t::NO_PRINT_SERVICE.get(lang).to_string()
        } else {
            t::PRINT_SERVICE_FAILED.fill(lang, &[("printer", &printer), ("error", &error)])
        }
    })?;
    if !output.status.success() {
        let said = String::from_utf8_lossy(&output.stderr).trim().to_string();
        let said = if said.is_empty() { output.status.to_string() } else { said.trim_end_matches('.').to_string() };
        return Err(t::PRINT_SERVICE_FAILED.fill(lang, &[("printer", &printer), ("error", &said)]));
    }
    Ok(Sent { printer: printer.to_string(), job: job_id(&String::from_utf8_lossy(&output.stdout)) })
}

/// `lp -d PRINTER -t TITLE -- FILE`: the whole file, once (its parts are already in it).
#[cfg(not(windows))]
fn command(pdf: &Path, printer: &str, title: &str) -> Command {
    let mut command = Command::new("lp");
    command.arg("-d").arg(printer).arg("-t").arg(title).arg("-n").arg("1").arg("--").arg(pdf);
    command
}

/// The shell's PrintTo verb for the file, with the printer named (the PDF reader registered for
/// PDFs prints it).
#[cfg(windows)]
fn command(pdf: &Path, printer: &str, _title: &str) -> Command {
    let quote = |text: &str| text.replace('\'', "''");
    let script =
        format!("Start-Process -FilePath '{}' -Verb PrintTo -ArgumentList '\"{}\"'", quote(&pdf.display().to_string()), quote(printer));
    let mut command = Command::new("powershell");
    command.args(["-NoProfile", "-NonInteractive", "-Command", &script]);
    command
}

/// The job id in `lp`'s answer "request id is kaidan-test-12 (1 file(s))".
fn job_id(answer: &str) -> String {
    answer.split_whitespace().skip_while(|word| *word != "is").nth(1).map(str::to_string).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_batch_has_a_short_job_title() {
        let numbers: Vec<String> = (1..=1000).map(|n| format!("SO-2026-{n:05}")).collect();
        assert_eq!(job_title("dispatch", &numbers[..2]), "dispatch SO-2026-00001 SO-2026-00002");
        let title = job_title("dispatch", &numbers);
        assert_eq!(title, "dispatch SO-2026-00001 … SO-2026-01000 (1000)");
        assert!(job_title("order", &["X".repeat(5000), "Y".repeat(5000)]).len() < 255);
    }

    #[test]
    fn the_job_id_is_read_from_lps_answer() {
        assert_eq!(job_id("request id is kaidan-test-12 (1 file(s))\n"), "kaidan-test-12");
        assert_eq!(job_id(""), "");
    }

    #[test]
    fn a_name_that_could_be_an_option_is_refused_before_anything_runs() {
        let error = send(Path::new("/nonexistent.pdf"), "-oraw", "x", Lang::En).expect_err("refused");
        assert!(error.contains("-oraw"), "{error}");
        assert!(send(Path::new("/nonexistent.pdf"), "a \"quoted\" name", "x", Lang::Zh).is_err());
    }
}
