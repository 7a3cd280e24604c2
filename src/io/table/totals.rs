//! Totals rows as publishers label them, in the languages of the files people bring: a row
//! whose label cell *is* one of these words is a total of the rows above it, never a facility.
//!
//! A label is matched as a whole cell (trimmed, case and inner spacing ignored, a trailing
//! `:` dropped), never as a part of one: `Totalville`, `Summerhill` or `Allerton` are
//! facilities.

/// The labels, lower case, single-spaced. Why each is here: the words a statistics office
/// prints at the foot of a table (English, Italian, French, Spanish, Portuguese, German,
/// Dutch, the Nordic languages, Polish, Russian), and the qualified English forms seen on
/// state and national tables.
const LABELS: &[&str] = &[
    // English
    "total",
    "totals",
    "grand total",
    "grand totals",
    "sum",
    "subtotal",
    "sub-total",
    "sub total",
    "overall total",
    "state total",
    "national total",
    "system total",
    "federal total",
    "regional total",
    "all",
    "all prisons",
    "all facilities",
    "all institutions",
    "all establishments",
    // Italian
    "totale",
    "totali",
    "totale generale",
    "totale complessivo",
    "complessivo",
    // French
    "total général",
    "total general",
    "ensemble",
    // Spanish and Portuguese
    "total geral",
    "suma",
    "suma total",
    "totales",
    // German
    "gesamt",
    "insgesamt",
    "summe",
    "gesamtsumme",
    // Dutch
    "totaal",
    "generaal totaal",
    // Nordic
    "totalt",
    "summa",
    "i alt",
    "yhteensä",
    // Polish
    "razem",
    "ogółem",
    // Russian
    "итого",
    "всего",
    "общий итог",
];

/// Whether a cell's text is a totals label (`Total`, `Grand Total`, `Totale generale`,
/// `Total général`, `Insgesamt`, `Totaal`, `Итого` …), as a whole cell. Called on every row's
/// id: it compares word by word and allocates nothing.
pub(crate) fn is_totals_label(cell: &str) -> bool {
    let t = crate::model::trim::trim(cell);
    let t = t.strip_suffix(':').unwrap_or(t).trim_end();
    // Cheap refusal first: every label is under 40 bytes.
    if t.is_empty() || t.len() > 40 {
        return false;
    }
    LABELS.iter().any(|label| same_words(t, label))
}

/// The cell's words (any white space between them) are the label's, ignoring case.
fn same_words(cell: &str, label: &str) -> bool {
    let mut a = cell.split_whitespace();
    let mut b = label.split(' ');
    loop {
        match (a.next(), b.next()) {
            (None, None) => return true,
            (Some(x), Some(y)) if same_word(x, y) => {}
            _ => return false,
        }
    }
}

/// `word` is the lower-case `label` in any case (ASCII without a lowered copy).
fn same_word(word: &str, label: &str) -> bool {
    if word.is_ascii() {
        word.eq_ignore_ascii_case(label)
    } else {
        word.chars().flat_map(char::to_lowercase).eq(label.chars())
    }
}

#[cfg(test)]
mod tests {
    use super::is_totals_label;

    #[test]
    fn published_words_are_totals_in_any_case_and_spacing() {
        for label in [
            "Total",
            "TOTAL",
            " Totals ",
            "Grand Total",
            "Grand  total",
            "Sum",
            "State total",
            "All prisons",
            "Totale",
            "Totale generale",
            "Total général",
            "TOTAL GÉNÉRAL",
            "Gesamt",
            "Insgesamt",
            "Summe",
            "Totaal",
            "Total geral",
            "Итого",
            "ИТОГО",
            "Всего:",
            "Total:",
        ] {
            assert!(is_totals_label(label), "{label:?}");
        }
    }

    #[test]
    fn a_word_inside_an_id_is_not_a_total() {
        for id in [
            "Totton",
            "Totalville",
            "Total Wellbeing Centre",
            "Summerhill",
            "Allerton",
            "Hall",
            "Sumter",
            "Gesamtschule Nord",
            "HMP Total",
            "\u{feff}Total",
            "",
        ] {
            assert!(!is_totals_label(id), "{id:?}");
        }
    }
}
