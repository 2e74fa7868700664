//! Reading a picker's text back into a search query.

/// "Sesto San Giovanni (MI)" -> "Sesto San Giovanni": a chosen label searches
/// by its name, so the chosen option stays in the list.
pub fn name_part(text: &str) -> &str {
    match text
        .trim_end()
        .strip_suffix(')')
        .and_then(|t| t.rsplit_once(" ("))
    {
        Some((name, province)) if province.len() <= 3 => name,
        _ => text,
    }
}

#[cfg(test)]
mod tests {
    use super::name_part;

    #[test]
    fn a_label_searches_by_its_name() {
        assert_eq!(name_part("Sesto San Giovanni (MI)"), "Sesto San Giovanni");
        assert_eq!(name_part("Lodi (LO) "), "Lodi");
        assert_eq!(name_part("sesto s"), "sesto s");
        assert_eq!(name_part("Strano (nome lungo)"), "Strano (nome lungo)");
    }
}
