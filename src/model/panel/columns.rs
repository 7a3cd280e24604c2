//! The panel's column types: a validity bitmap and a count column (values + validity), laid
//! out as Arrow lays them out so the frame layer can hand them over without a per-row pass.

use crate::ErrorKind;
use crate::error::{Error, Result};

/// Rows per word of a [`Validity`] bitmap.
pub(crate) const CHUNK: usize = 64;

/// The bits of the rows present in the last word of a `len`-row bitmap.
fn tail_mask(len: usize) -> u64 {
    match len % CHUNK {
        0 => u64::MAX,
        r => (1u64 << r) - 1,
    }
}

/// A packed validity bitmap: bit `i` (bit `i % 64` of word `i / 64`) is set when row `i` is
/// valid (reported). Bits past the length are always 0. The layout is Arrow's (least
/// significant bit first): the panel's count columns and the columnar kernels
/// ([`crate::metrics::columnar`]) share it, and polars takes the words without a pass per row.
///
/// A packed bitmap rather than `&[bool]`: one bit a row (a 10 M-row column costs 1.25 MB
/// instead of 10 MB), and one word covers the 64 rows of a chunk, so the loops read one
/// word per chunk and combine validities with one `&` per 64 rows.
///
/// ```
/// use overcrowding::model::Validity;
/// let a = Validity::from_bools(&[true, false, true]);
/// let b = Validity::all_valid(3);
/// let both = a.and(&b)?;
/// assert_eq!(both.count_valid(), 2);
/// assert!(!both.is_valid(1));
/// # Ok::<(), overcrowding::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Validity {
    words: Vec<u64>,
    len: usize,
}

impl Validity {
    /// `len` rows, all valid.
    ///
    /// ```
    /// assert_eq!(overcrowding::model::Validity::all_valid(70).count_valid(), 70);
    /// ```
    pub fn all_valid(len: usize) -> Validity {
        let mut words = vec![u64::MAX; len.div_ceil(CHUNK)];
        if let Some(last) = words.last_mut() {
            *last = tail_mask(len);
        }
        Validity { words, len }
    }

    /// `len` rows, none valid.
    ///
    /// ```
    /// assert_eq!(overcrowding::model::Validity::all_invalid(5).count_valid(), 0);
    /// ```
    pub fn all_invalid(len: usize) -> Validity {
        Validity {
            words: vec![0; len.div_ceil(CHUNK)],
            len,
        }
    }

    /// One row per `bool`, valid where `true`.
    ///
    /// ```
    /// let v = overcrowding::model::Validity::from_bools(&[false, true]);
    /// assert_eq!(v.len(), 2);
    /// assert!(v.is_valid(1));
    /// ```
    pub fn from_bools(valid: &[bool]) -> Validity {
        let words = valid
            .chunks(CHUNK)
            .map(|c| {
                c.iter()
                    .enumerate()
                    .fold(0u64, |w, (j, &b)| w | (u64::from(b) << j))
            })
            .collect();
        Validity {
            words,
            len: valid.len(),
        }
    }

    /// From packed words (64 rows each, least significant bit first, as [`words`](Self::words)
    /// gives them and as Arrow validity bitmaps store them): no per-row work, so a bitmap taken
    /// from a polars or Arrow column costs one copy of its words. Bits past `len` are cleared.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::LengthMismatch`](crate::ErrorKind::LengthMismatch) when `words` is not `len.div_ceil(64)` words long.
    ///
    /// ```
    /// use overcrowding::model::Validity;
    /// let v = Validity::from_words(vec![0b1011 | (1 << 40)], 4)?;
    /// assert_eq!((v.count_valid(), v.is_valid(2)), (3, false));
    /// assert!(Validity::from_words(vec![0, 0], 64).is_err());
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn from_words(mut words: Vec<u64>, len: usize) -> Result<Validity> {
        if words.len() != len.div_ceil(CHUNK) {
            return Err(Error::from(ErrorKind::LengthMismatch {
                what: "validity words",
                expected: len.div_ceil(CHUNK),
                found: words.len(),
            }));
        }
        if let Some(last) = words.last_mut() {
            *last &= tail_mask(len);
        }
        Ok(Validity { words, len })
    }

    /// Rows `offset .. offset + len` as a bitmap of their own (for instance one group of a
    /// sorted column, for [`system_sums`](crate::system::system_sums) per group): one shift
    /// per word.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::LengthMismatch`](crate::ErrorKind::LengthMismatch) when the rows run past the end.
    ///
    /// ```
    /// use overcrowding::model::Validity;
    /// let mut bits = vec![true; 200];
    /// bits[70] = false;
    /// let v = Validity::from_bools(&bits).slice(65, 100)?;
    /// assert_eq!((v.len(), v.count_valid(), v.is_valid(5)), (100, 99, false));
    /// assert!(Validity::all_valid(3).slice(2, 2).is_err());
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn slice(&self, offset: usize, len: usize) -> Result<Validity> {
        let end = offset.saturating_add(len);
        if end > self.len {
            return Err(Error::from(ErrorKind::LengthMismatch {
                what: "validity slice end",
                expected: self.len,
                found: end,
            }));
        }
        let (first, shift) = (offset / CHUNK, offset % CHUNK);
        let words = (0..len.div_ceil(CHUNK))
            .map(|k| {
                let lo = self.words[first + k] >> shift;
                let hi = match (shift, self.words.get(first + k + 1)) {
                    (0, _) | (_, None) => 0,
                    (_, Some(&next)) => next << (CHUNK - shift),
                };
                lo | hi
            })
            .collect();
        Validity::from_words(words, len)
    }

    /// The number of rows.
    ///
    /// ```
    /// assert_eq!(overcrowding::model::Validity::all_valid(3).len(), 3);
    /// ```
    pub fn len(&self) -> usize {
        self.len
    }

    /// Whether there are no rows.
    ///
    /// ```
    /// assert!(overcrowding::model::Validity::default().is_empty());
    /// ```
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Whether row `i` is valid; `false` past the end.
    ///
    /// ```
    /// let v = overcrowding::model::Validity::all_valid(2);
    /// assert!(v.is_valid(1));
    /// assert!(!v.is_valid(2));
    /// ```
    #[inline]
    pub fn is_valid(&self, i: usize) -> bool {
        i < self.len
            && self
                .words
                .get(i / CHUNK)
                .is_some_and(|w| (w >> (i % CHUNK)) & 1 == 1)
    }

    /// The number of valid rows.
    ///
    /// ```
    /// let v = overcrowding::model::Validity::from_bools(&[true, false, true]);
    /// assert_eq!(v.count_valid(), 2);
    /// ```
    pub fn count_valid(&self) -> usize {
        self.words.iter().map(|w| w.count_ones() as usize).sum()
    }

    /// Valid where both are valid.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::LengthMismatch`](crate::ErrorKind::LengthMismatch) when the lengths differ.
    ///
    /// ```
    /// use overcrowding::model::Validity;
    /// let v = Validity::from_bools(&[true, true]).and(&Validity::from_bools(&[false, true]))?;
    /// assert_eq!(v.count_valid(), 1);
    /// assert!(v.and(&Validity::all_valid(3)).is_err());
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn and(&self, other: &Validity) -> Result<Validity> {
        if self.len != other.len {
            return Err(Error::from(ErrorKind::LengthMismatch {
                what: "validity",
                expected: self.len,
                found: other.len,
            }));
        }
        Ok(Validity {
            words: self
                .words
                .iter()
                .zip(&other.words)
                .map(|(a, b)| a & b)
                .collect(),
            len: self.len,
        })
    }

    /// The packed words (64 rows each, least significant bit first).
    ///
    /// ```
    /// let v = overcrowding::model::Validity::from_bools(&[true, false, true]);
    /// assert_eq!(v.words(), &[0b101]);
    /// ```
    pub fn words(&self) -> &[u64] {
        &self.words
    }

    /// Makes this bitmap `len` rows, all invalid, keeping its allocation.
    pub(crate) fn reset(&mut self, len: usize) {
        self.words.clear();
        self.words.resize(len.div_ceil(CHUNK), 0);
        self.len = len;
    }

    /// The words, to be written by a kernel (bits past the length must stay 0).
    pub(crate) fn words_mut(&mut self) -> &mut [u64] {
        &mut self.words
    }

    pub(crate) fn with_capacity(rows: usize) -> Validity {
        Validity {
            words: Vec::with_capacity(rows.div_ceil(CHUNK)),
            len: 0,
        }
    }

    /// Room for `rows` more rows.
    pub(crate) fn reserve(&mut self, rows: usize) {
        let words = (self.len + rows).div_ceil(CHUNK);
        self.words.reserve(words.saturating_sub(self.words.len()));
    }

    /// Frees the room past the length.
    pub(crate) fn shrink_to_fit(&mut self) {
        self.words.shrink_to_fit();
    }

    #[inline]
    pub(crate) fn push(&mut self, bit: bool) {
        let (w, b) = (self.len / CHUNK, self.len % CHUNK);
        if b == 0 {
            self.words.push(0);
        }
        if bit && let Some(word) = self.words.get_mut(w) {
            *word |= 1 << b;
        }
        self.len += 1;
    }

    /// Appends `n` rows (at most 64) whose bits are the low `n` bits of `bits`: one or two
    /// words written, not a bit at a time.
    pub(crate) fn extend_bits(&mut self, bits: u64, n: usize) {
        let n = n.min(CHUNK);
        if n == 0 {
            return;
        }
        let bits = bits & tail_mask(n);
        let off = self.len % CHUNK;
        if off == 0 {
            self.words.push(bits);
        } else {
            if let Some(last) = self.words.last_mut() {
                *last |= bits << off;
            }
            if off + n > CHUNK {
                self.words.push(bits >> (CHUNK - off));
            }
        }
        self.len += n;
    }

    #[inline]
    pub(crate) fn set(&mut self, i: usize, bit: bool) {
        if i < self.len
            && let Some(word) = self.words.get_mut(i / CHUNK)
        {
            if bit {
                *word |= 1 << (i % CHUNK);
            } else {
                *word &= !(1 << (i % CHUNK));
            }
        }
    }

    pub(crate) fn gather(&self, rows: &[u32]) -> Validity {
        let mut out = Validity::with_capacity(rows.len());
        for &r in rows {
            out.push(self.is_valid(r as usize));
        }
        out
    }

    /// The word of chunk `k`, or all rows of the chunk valid without a bitmap.
    #[inline]
    pub(crate) fn word(validity: Option<&Validity>, k: usize) -> u64 {
        validity.map_or(u64::MAX, |v| v.words.get(k).copied().unwrap_or(0))
    }
}

/// A column of counts: one `u64` per row and a [`Validity`] bitmap. A row whose bit is
/// cleared is "not reported"; its value slot is 0 and means nothing.
///
/// ```
/// use overcrowding::{CapacityKind, Panel, Record};
/// let d = "2024-12-31".parse().unwrap();
/// let p = Panel::new([Record::new("A", d)?.with_population_total(120), Record::new("B", d)?])?;
/// let pop = p.population_column();
/// assert_eq!((pop.get(0), pop.get(1)), (Some(120), None));
/// assert_eq!(pop.values(), &[120, 0]);
/// # Ok::<(), overcrowding::Error>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CountColumn {
    values: Vec<u64>,
    validity: Validity,
}

impl CountColumn {
    pub(crate) fn with_capacity(rows: usize) -> CountColumn {
        CountColumn {
            values: Vec::with_capacity(rows),
            validity: Validity::with_capacity(rows),
        }
    }

    /// `len` rows, none reported.
    pub(crate) fn cleared(len: usize) -> CountColumn {
        CountColumn {
            values: vec![0; len],
            validity: Validity::all_invalid(len),
        }
    }

    /// A column of `values` with `validity`.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::LengthMismatch`](crate::ErrorKind::LengthMismatch) when the lengths differ.
    ///
    /// ```
    /// use overcrowding::model::{CountColumn, Validity};
    /// let c = CountColumn::new(vec![5, 0], Validity::from_words(vec![0b01], 2)?)?;
    /// assert_eq!((c.get(0), c.get(1)), (Some(5), None));
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn new(mut values: Vec<u64>, validity: Validity) -> Result<CountColumn> {
        if values.len() != validity.len() {
            return Err(Error::from(ErrorKind::LengthMismatch {
                what: "count column",
                expected: values.len(),
                found: validity.len(),
            }));
        }
        for (i, v) in values.iter_mut().enumerate() {
            if !validity.is_valid(i) {
                *v = 0;
            }
        }
        Ok(CountColumn { values, validity })
    }

    /// Room for `rows` more rows.
    pub(crate) fn reserve(&mut self, rows: usize) {
        self.values.reserve(rows);
        self.validity.reserve(rows);
    }

    /// Frees the room past the length.
    pub(crate) fn shrink_to_fit(&mut self) {
        self.values.shrink_to_fit();
        self.validity.shrink_to_fit();
    }

    #[inline]
    pub(crate) fn push(&mut self, v: Option<u64>) {
        self.values.push(v.unwrap_or(0));
        self.validity.push(v.is_some());
    }

    /// Appends `values` (at most 64; 0 where not reported), reported where their bit of
    /// `valid` is set.
    pub(crate) fn extend(&mut self, values: &[u64], valid: u64) {
        let values = values.get(..CHUNK.min(values.len())).unwrap_or_default();
        self.values.extend_from_slice(values);
        self.validity.extend_bits(valid, values.len());
    }

    #[inline]
    pub(crate) fn set(&mut self, i: usize, v: Option<u64>) {
        if let Some(slot) = self.values.get_mut(i) {
            *slot = v.unwrap_or(0);
            self.validity.set(i, v.is_some());
        }
    }

    /// The value of row `i`, `None` when not reported (or beyond the end).
    ///
    /// ```
    /// let p = overcrowding::datasets::cambodia_panel()?;
    /// assert_eq!(p.population_column().get(0), Some(39_000));
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    #[inline]
    pub fn get(&self, i: usize) -> Option<u64> {
        if self.validity.is_valid(i) {
            self.values.get(i).copied()
        } else {
            None
        }
    }

    /// The value slots (0 where not reported: read them with [`CountColumn::validity`]).
    ///
    /// ```
    /// let p = overcrowding::datasets::cambodia_panel()?;
    /// assert_eq!(p.population_column().values().len(), 1);
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn values(&self) -> &[u64] {
        &self.values
    }

    /// Which rows are reported.
    ///
    /// ```
    /// let p = overcrowding::datasets::cambodia_panel()?;
    /// assert_eq!(p.population_column().validity().count_valid(), 1);
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn validity(&self) -> &Validity {
        &self.validity
    }

    /// Number of rows.
    ///
    /// ```
    /// assert_eq!(overcrowding::Panel::default().population_column().len(), 0);
    /// ```
    pub fn len(&self) -> usize {
        self.values.len()
    }

    /// Whether there are no rows.
    ///
    /// ```
    /// assert!(overcrowding::Panel::default().population_column().is_empty());
    /// ```
    pub fn is_empty(&self) -> bool {
        self.values.is_empty()
    }

    /// The values and validity, moved out (no copy).
    ///
    /// ```
    /// let p = overcrowding::datasets::cambodia_panel()?;
    /// let (values, validity) = p.population_column().clone().into_parts();
    /// assert_eq!((values, validity.count_valid()), (vec![39_000], 1));
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn into_parts(self) -> (Vec<u64>, Validity) {
        (self.values, self.validity)
    }

    /// Whether every value times `factor` fits a `u64` (a finer
    /// [`CountUnit`](super::CountUnit)).
    pub(crate) fn fits_scale(&self, factor: u64) -> bool {
        let max = u64::MAX / factor;
        self.values.iter().all(|&v| v <= max)
    }

    /// Every value times `factor` (callers check [`fits_scale`](Self::fits_scale) first;
    /// saturating, never wrapping).
    pub(crate) fn scale_up(&mut self, factor: u64) {
        for v in &mut self.values {
            *v = v.saturating_mul(factor);
        }
    }

    /// Every value divided by `factor` (a coarser unit; callers check that every value is
    /// a multiple of it first).
    pub(crate) fn scale_down(&mut self, factor: u64) {
        for v in &mut self.values {
            *v /= factor;
        }
    }

    pub(crate) fn gather(&self, rows: &[u32]) -> CountColumn {
        CountColumn {
            values: rows
                .iter()
                .map(|&r| self.values.get(r as usize).copied().unwrap_or(0))
                .collect(),
            validity: self.validity.gather(rows),
        }
    }
}
