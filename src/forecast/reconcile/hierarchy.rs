//! Which series add up to which: the summing matrix of a hierarchy.

use serde::{Deserialize, Serialize};

use crate::ErrorKind;
use crate::error::{Constraint, Error, Result};

/// A hierarchy of series: bottom series (prisons, states) and aggregates, each the sum of
/// some bottom series (a region, the system). Nodes are numbered aggregates first, then the
/// bottom series, as the rows of the summing matrix `S` of Hyndman et al. (`ŷ = S·b`), the
/// order of fable and of Nixtla's `hierarchicalforecast`.
///
/// ```
/// use overcrowding::forecast::reconcile::Hierarchy;
/// let h = Hierarchy::two_level("England and Wales", vec!["Leeds".into(), "Hull".into()])?;
/// assert_eq!((h.len(), h.bottom_len()), (3, 2));
/// assert_eq!(h.names(), ["England and Wales", "Leeds", "Hull"]);
/// assert_eq!(h.aggregate(&[700.0, 300.0])?, vec![1_000.0, 700.0, 300.0]);
/// # Ok::<(), overcrowding::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Hierarchy {
    /// Aggregates first, then bottom series.
    names: Vec<String>,
    /// The bottom indices (0-based among the bottom series) each aggregate sums.
    aggregates: Vec<Vec<usize>>,
}

impl Hierarchy {
    /// Bottom series named `bottom` and the aggregates `(name, members)`, `members` being
    /// indices into `bottom`.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::Empty`] without bottom series or for an aggregate without members;
    /// [`ErrorKind::InvalidParameter`] for a blank or repeated name
    /// ([`Constraint::NotEmpty`], [`Constraint::Unique`]) or a member that is not a bottom
    /// index or appears twice in one aggregate ([`Constraint::Between`],
    /// [`Constraint::Unique`]).
    ///
    /// ```
    /// use overcrowding::forecast::reconcile::Hierarchy;
    /// let bottom = vec!["A".to_string(), "B".into(), "C".into()];
    /// let h = Hierarchy::new(bottom.clone(), vec![("all".into(), vec![0, 1, 2]), ("north".into(), vec![0, 1])])?;
    /// assert_eq!(h.aggregate(&[1.0, 2.0, 4.0])?, vec![7.0, 3.0, 1.0, 2.0, 4.0]);
    /// assert!(Hierarchy::new(bottom.clone(), vec![("all".into(), vec![0, 3])]).is_err());
    /// assert!(Hierarchy::new(bottom, vec![("A".into(), vec![0])]).is_err()); // name twice
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn new(bottom: Vec<String>, aggregates: Vec<(String, Vec<usize>)>) -> Result<Hierarchy> {
        if bottom.is_empty() {
            return Err(Error::from(ErrorKind::Empty {
                what: "bottom series",
            }));
        }
        let m = bottom.len();
        let mut names: Vec<String> = Vec::with_capacity(aggregates.len() + m);
        let mut members = Vec::with_capacity(aggregates.len());
        for (name, mut idx) in aggregates {
            if idx.is_empty() {
                return Err(Error::from(ErrorKind::Empty {
                    what: "aggregate members",
                }));
            }
            if let Some(&i) = idx.iter().find(|&&i| i >= m) {
                return Err(Error::invalid(
                    "aggregate member",
                    i,
                    Constraint::Between {
                        min: 0.0,
                        max: (m - 1) as f64,
                    },
                ));
            }
            idx.sort_unstable();
            if let Some(w) = idx.windows(2).find(|w| w[0] == w[1]) {
                return Err(Error::invalid("aggregate member", w[0], Constraint::Unique));
            }
            names.push(name);
            members.push(idx);
        }
        names.extend(bottom);
        let mut seen = std::collections::HashSet::with_capacity(names.len());
        for name in &names {
            if name.trim().is_empty() {
                return Err(Error::invalid("node name", name, Constraint::NotEmpty));
            }
            if !seen.insert(name.as_str()) {
                return Err(Error::invalid("node name", name, Constraint::Unique));
            }
        }
        Ok(Hierarchy {
            names,
            aggregates: members,
        })
    }

    /// A system `total` over `bottom` series (the prisons of one system, the states of one
    /// country): node 0 is the total.
    ///
    /// # Errors
    ///
    /// As [`Hierarchy::new`].
    ///
    /// ```
    /// use overcrowding::forecast::reconcile::Hierarchy;
    /// let h = Hierarchy::two_level("all", vec!["A".into(), "B".into()])?;
    /// assert_eq!(h.members(0), vec![0, 1]);
    /// assert!(Hierarchy::two_level("all", vec![]).is_err());
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn two_level(total: impl Into<String>, bottom: Vec<String>) -> Result<Hierarchy> {
        let all = (0..bottom.len()).collect();
        Hierarchy::new(bottom, vec![(total.into(), all)])
    }

    /// The number of nodes (aggregates and bottom series).
    ///
    /// ```
    /// # use overcrowding::forecast::reconcile::Hierarchy;
    /// assert_eq!(Hierarchy::two_level("all", vec!["A".into()])?.len(), 2);
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn len(&self) -> usize {
        self.names.len()
    }

    /// Always `false`: a hierarchy has at least one bottom series.
    ///
    /// ```
    /// # use overcrowding::forecast::reconcile::Hierarchy;
    /// assert!(!Hierarchy::two_level("all", vec!["A".into()])?.is_empty());
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn is_empty(&self) -> bool {
        self.names.is_empty()
    }

    /// The number of bottom series.
    ///
    /// ```
    /// # use overcrowding::forecast::reconcile::Hierarchy;
    /// assert_eq!(Hierarchy::two_level("all", vec!["A".into(), "B".into()])?.bottom_len(), 2);
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn bottom_len(&self) -> usize {
        self.names.len() - self.aggregates.len()
    }

    /// The node names, aggregates first.
    ///
    /// ```
    /// # use overcrowding::forecast::reconcile::Hierarchy;
    /// assert_eq!(Hierarchy::two_level("all", vec!["A".into()])?.names()[1], "A");
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn names(&self) -> &[String] {
        &self.names
    }

    /// The bottom indices node `node` sums (one index for a bottom series; empty past
    /// [`Hierarchy::len`]).
    ///
    /// ```
    /// # use overcrowding::forecast::reconcile::Hierarchy;
    /// let h = Hierarchy::two_level("all", vec!["A".into(), "B".into()])?;
    /// assert_eq!((h.members(0), h.members(2), h.members(3)), (vec![0, 1], vec![1], vec![]));
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn members(&self, node: usize) -> Vec<usize> {
        let k = self.aggregates.len();
        if node < k {
            self.aggregates[node].clone()
        } else if node < self.len() {
            vec![node - k]
        } else {
            Vec::new()
        }
    }

    /// The summing matrix `S` (nodes × bottom series, row-major, 0 or 1).
    ///
    /// ```
    /// # use overcrowding::forecast::reconcile::Hierarchy;
    /// let s = Hierarchy::two_level("all", vec!["A".into(), "B".into()])?.summing_matrix();
    /// assert_eq!(s, vec![1.0, 1.0, 1.0, 0.0, 0.0, 1.0]);
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn summing_matrix(&self) -> Vec<f64> {
        let m = self.bottom_len();
        let mut s = vec![0.0; self.len() * m];
        for node in 0..self.len() {
            for j in self.members(node) {
                s[node * m + j] = 1.0;
            }
        }
        s
    }

    /// Every node's value from the bottom values `bottom` (`S·b`): coherent by construction.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::LengthMismatch`] unless `bottom` has [`Hierarchy::bottom_len`] values.
    ///
    /// ```
    /// # use overcrowding::forecast::reconcile::Hierarchy;
    /// let h = Hierarchy::two_level("all", vec!["A".into(), "B".into()])?;
    /// assert_eq!(h.aggregate(&[2.0, 3.0])?, vec![5.0, 2.0, 3.0]);
    /// assert!(h.aggregate(&[2.0]).is_err());
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn aggregate(&self, bottom: &[f64]) -> Result<Vec<f64>> {
        if bottom.len() != self.bottom_len() {
            return Err(Error::from(ErrorKind::LengthMismatch {
                what: "bottom values",
                expected: self.bottom_len(),
                found: bottom.len(),
            }));
        }
        let mut out = Vec::with_capacity(self.len());
        self.sum_up(bottom, &mut out);
        Ok(out)
    }

    /// `S·b` into `out` (cleared first); `bottom` has [`Hierarchy::bottom_len`] values.
    pub(crate) fn sum_up(&self, bottom: &[f64], out: &mut Vec<f64>) {
        out.clear();
        for members in &self.aggregates {
            out.push(members.iter().map(|&j| bottom[j]).sum());
        }
        out.extend_from_slice(bottom);
    }

    /// The number of aggregate nodes (the first nodes).
    pub(crate) fn aggregates_len(&self) -> usize {
        self.aggregates.len()
    }
}
