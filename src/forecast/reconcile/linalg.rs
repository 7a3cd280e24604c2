//! The dense linear algebra of reconciliation: Cholesky factors and solves of small
//! symmetric positive definite matrices (a few hundred nodes at most), row-major.
//!
//! Why not a crate: these two routines are all reconciliation needs, and the core stays free
//! of heavy dependencies (`cargo build --no-default-features` must stay fast).

/// The lower Cholesky factor `L` (`A = L·Lᵀ`) of the `n × n` row-major matrix `a`, or the
/// index of the first pivot that is not positive (the matrix is not positive definite).
pub(crate) fn cholesky(a: &[f64], n: usize) -> Result<Vec<f64>, usize> {
    let mut l = vec![0.0; n * n];
    for i in 0..n {
        for j in 0..=i {
            let mut s = a[i * n + j];
            for k in 0..j {
                s -= l[i * n + k] * l[j * n + k];
            }
            if i == j {
                // A relative floor: a pivot that is rounding noise of its diagonal is 0.
                let floor = 1e-12 * a[i * n + i].abs();
                if s.is_nan() || s <= floor || !s.is_finite() {
                    return Err(i);
                }
                l[i * n + i] = s.sqrt();
            } else {
                l[i * n + j] = s / l[j * n + j];
            }
        }
    }
    Ok(l)
}

/// Solves `L·Lᵀ·x = b` in place for one right-hand side.
pub(crate) fn cholesky_solve(l: &[f64], n: usize, b: &mut [f64]) {
    for i in 0..n {
        let mut s = b[i];
        for k in 0..i {
            s -= l[i * n + k] * b[k];
        }
        b[i] = s / l[i * n + i];
    }
    for i in (0..n).rev() {
        let mut s = b[i];
        for k in i + 1..n {
            s -= l[k * n + i] * b[k];
        }
        b[i] = s / l[i * n + i];
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn solves_a_known_system_and_refuses_a_singular_one() {
        // A = [[4, 2], [2, 3]], b = A·[1, 2] = [8, 8].
        let a = [4.0, 2.0, 2.0, 3.0];
        let l = cholesky(&a, 2).unwrap();
        assert_eq!(l, vec![2.0, 0.0, 1.0, 2f64.sqrt()]);
        let mut b = [8.0, 8.0];
        cholesky_solve(&l, 2, &mut b);
        assert!((b[0] - 1.0).abs() < 1e-14 && (b[1] - 2.0).abs() < 1e-14);
        // Rank one: the second pivot is 0.
        assert_eq!(cholesky(&[1.0, 1.0, 1.0, 1.0], 2), Err(1));
        assert_eq!(cholesky(&[0.0], 1), Err(0));
        assert_eq!(cholesky(&[f64::NAN], 1), Err(0));
    }
}
