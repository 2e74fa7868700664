//! Line numbers of records, as an editor or spreadsheet shows them.

/// Finds the 1-based line on which each record starts. csv's own positions
/// point just after the previous record, before any blank lines it then
/// skips, so the line is counted here: skip the line breaks from that
/// position, then count breaks (`\r\n`, `\n` or `\r`) up to the record's
/// first byte. Records must be asked for in order.
pub struct LineCounter<'a> {
    input: &'a [u8],
    offset: usize,
    line: u64,
    previous: u8,
}

impl<'a> LineCounter<'a> {
    /// `input` is exactly what the csv reader reads.
    pub fn new(input: &'a [u8]) -> Self {
        Self {
            input,
            offset: 0,
            line: 1,
            previous: 0,
        }
    }

    /// Line of the record whose csv position is `position`.
    pub fn of(&mut self, position: Option<&csv::Position>) -> u64 {
        let from = position
            .and_then(|p| usize::try_from(p.byte()).ok())
            .unwrap_or(self.offset)
            .max(self.offset);
        let rest = self.input.get(from..).unwrap_or_default();
        let skipped = rest
            .iter()
            .take_while(|&&b| b == b'\r' || b == b'\n')
            .count();
        let start = from.saturating_add(skipped);
        for &b in self.input.get(self.offset..start).unwrap_or_default() {
            if b == b'\r' || (b == b'\n' && self.previous != b'\r') {
                self.line += 1;
            }
            self.previous = b;
        }
        self.offset = self.offset.max(start);
        self.line
    }
}
