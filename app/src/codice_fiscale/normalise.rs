//! Normalisation before any check: trim, drop inner spaces, upper-case.
//!
//! Works into a fixed 16-byte buffer so the common case never allocates.

/// The first 16 non-space characters of the input, upper-cased.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Normalised {
    /// Upper-cased ASCII bytes; a non-ASCII character is stored as 0.
    pub buf: [u8; 16],
    /// How many non-space characters the input had (may exceed 16).
    pub len: usize,
    /// The first non-ASCII character and its 0-based index, for messages.
    pub non_ascii: Option<(usize, char)>,
}

impl Normalised {
    /// The character to show the user for index `i` (0-based).
    pub fn shown(&self, i: usize) -> char {
        match (self.non_ascii, self.buf.get(i)) {
            (Some((at, ch)), Some(0)) if at == i => ch,
            (_, Some(&b)) => char::from(b),
            (_, None) => '?',
        }
    }
}

/// Trims, removes every whitespace character (including the non-breaking
/// space that copy-paste from web pages brings) and upper-cases ASCII.
#[inline]
pub(crate) fn normalise(input: &str) -> Normalised {
    // Fast path: exactly 16 bytes, none whitespace (all ASCII whitespace is
    // <= 0x20) nor non-ASCII: a copy and an upper-casing, both vectorised.
    if let Ok(bytes) = <[u8; 16]>::try_from(input.as_bytes())
        && bytes.iter().all(|&b| b > b' ' && b < 0x7f)
    {
        let mut buf = bytes;
        buf.make_ascii_uppercase();
        return Normalised {
            buf,
            len: 16,
            non_ascii: None,
        };
    }
    let mut buf = [0u8; 16];
    let mut len = 0usize;
    for &b in input.as_bytes() {
        if !b.is_ascii() {
            return normalise_unicode(input);
        }
        if char::from(b).is_whitespace() {
            continue;
        }
        if let Some(slot) = buf.get_mut(len) {
            *slot = b.to_ascii_uppercase();
        }
        len += 1;
    }
    Normalised {
        buf,
        len,
        non_ascii: None,
    }
}

#[cold]
fn normalise_unicode(input: &str) -> Normalised {
    let mut buf = [0u8; 16];
    let mut len = 0usize;
    let mut non_ascii = None;
    for ch in input.chars().filter(|c| !c.is_whitespace()) {
        if let Some(slot) = buf.get_mut(len) {
            if ch.is_ascii() {
                *slot = (ch as u8).to_ascii_uppercase();
            } else if non_ascii.is_none() {
                non_ascii = Some((len, ch));
            }
        }
        len += 1;
    }
    Normalised {
        buf,
        len,
        non_ascii,
    }
}
