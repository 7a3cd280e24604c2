//! [`StatusGroup`]: one of the four legal-status groups of the people held.

use serde::{Deserialize, Serialize};

/// One legal-status group of the people held (the four components of [`LegalStatus`](crate::model::LegalStatus)).
///
/// ```
/// use overcrowding::StatusGroup;
/// assert_eq!(StatusGroup::Untried.name(), "untried");
/// assert_eq!(StatusGroup::ALL.len(), 4);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StatusGroup {
    /// Untried (pre-trial, remand).
    Untried,
    /// Convicted, awaiting sentence.
    ConvictedUnsentenced,
    /// Sentenced at first instance, awaiting a final judgement on appeal.
    UnderAppeal,
    /// Definitively sentenced.
    Sentenced,
}

impl StatusGroup {
    /// The four groups, in the order of [`LegalStatus`](crate::model::LegalStatus).
    pub const ALL: [StatusGroup; 4] = [
        StatusGroup::Untried,
        StatusGroup::ConvictedUnsentenced,
        StatusGroup::UnderAppeal,
        StatusGroup::Sentenced,
    ];

    /// The column name used in the facility table (`untried`, `convicted_unsentenced`, …).
    ///
    /// ```
    /// assert_eq!(overcrowding::StatusGroup::UnderAppeal.name(), "under_appeal");
    /// ```
    pub fn name(&self) -> &'static str {
        match self {
            StatusGroup::Untried => "untried",
            StatusGroup::ConvictedUnsentenced => "convicted_unsentenced",
            StatusGroup::UnderAppeal => "under_appeal",
            StatusGroup::Sentenced => "sentenced",
        }
    }

    pub(crate) fn index(self) -> usize {
        self as usize
    }
}
