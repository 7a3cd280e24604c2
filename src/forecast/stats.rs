//! Small numerical helpers: the normal quantile, normal draws, a Nelder–Mead minimiser and
//! type-7 quantiles.

use rand::Rng;
use rand::rngs::StdRng;

/// The standard normal quantile (Acklam's rational approximation, relative error below
/// 1.2e-9 on (0, 1)).
pub(crate) fn normal_quantile(p: f64) -> f64 {
    if p <= 0.0 {
        return f64::NEG_INFINITY;
    }
    if p >= 1.0 {
        return f64::INFINITY;
    }
    const A: [f64; 6] = [
        -3.969_683_028_665_376e1,
        2.209_460_984_245_205e2,
        -2.759_285_104_469_687e2,
        1.383_577_518_672_69e2,
        -3.066_479_806_614_716e1,
        2.506_628_277_459_239,
    ];
    const B: [f64; 5] = [
        -5.447_609_879_822_406e1,
        1.615_858_368_580_409e2,
        -1.556_989_798_598_866e2,
        6.680_131_188_771_972e1,
        -1.328_068_155_288_572e1,
    ];
    const C: [f64; 6] = [
        -7.784_894_002_430_293e-3,
        -3.223_964_580_411_365e-1,
        -2.400_758_277_161_838,
        -2.549_732_539_343_734,
        4.374_664_141_464_968,
        2.938_163_982_698_783,
    ];
    const D: [f64; 4] = [
        7.784_695_709_041_462e-3,
        3.224_671_290_700_398e-1,
        2.445_134_137_142_996,
        3.754_408_661_907_416,
    ];
    let plow = 0.02425;
    if p < plow {
        let q = (-2.0 * p.ln()).sqrt();
        (((((C[0] * q + C[1]) * q + C[2]) * q + C[3]) * q + C[4]) * q + C[5])
            / ((((D[0] * q + D[1]) * q + D[2]) * q + D[3]) * q + 1.0)
    } else if p <= 1.0 - plow {
        let q = p - 0.5;
        let r = q * q;
        (((((A[0] * r + A[1]) * r + A[2]) * r + A[3]) * r + A[4]) * r + A[5]) * q
            / (((((B[0] * r + B[1]) * r + B[2]) * r + B[3]) * r + B[4]) * r + 1.0)
    } else {
        let q = (-2.0 * (1.0 - p).ln()).sqrt();
        -(((((C[0] * q + C[1]) * q + C[2]) * q + C[3]) * q + C[4]) * q + C[5])
            / ((((D[0] * q + D[1]) * q + D[2]) * q + D[3]) * q + 1.0)
    }
}

/// The centred moving average of order `m` at `t` (2×m for even `m`: the two ends weigh ½),
/// as in classical decomposition; `m/2 ≤ t < len − m/2`.
pub(crate) fn centred_moving_average(y: &[f64], t: usize, m: usize) -> f64 {
    let half = m / 2;
    if m.is_multiple_of(2) {
        let inner: f64 = y[t + 1 - half..t + half].iter().sum();
        (inner + 0.5 * (y[t - half] + y[t + half])) / m as f64
    } else {
        y[t - half..=t + half].iter().sum::<f64>() / m as f64
    }
}

/// The smallest degrees of freedom [`t_from_z`] is used with.
pub(crate) const MIN_T_DF: f64 = 4.0;

/// The standard normal distribution function, `Φ(z) = erfc(−z/√2)/2` with [`erfc`]; in
/// [0, 1].
pub(crate) fn normal_cdf(z: f64) -> f64 {
    if z.is_nan() {
        return 0.5;
    }
    (erfc(-z / std::f64::consts::SQRT_2) / 2.0).clamp(0.0, 1.0)
}

/// `erfc(x)`, Numerical Recipes' Chebyshev fit `erfcc` (fractional error below 1.2e-7
/// everywhere): the one copy for the normal distribution here and the lognormal stays of
/// [`crate::flow`].
pub(crate) fn erfc(x: f64) -> f64 {
    let z = x.abs();
    let t = 1.0 / (1.0 + 0.5 * z);
    let ans = t
        * (-z * z - 1.265_512_23
            + t * (1.000_023_68
                + t * (0.374_091_96
                    + t * (0.096_784_18
                        + t * (-0.186_288_06
                            + t * (0.278_868_07
                                + t * (-1.135_203_98
                                    + t * (1.488_515_87
                                        + t * (-0.822_152_23 + t * 0.170_872_77)))))))))
            .exp();
    if x >= 0.0 { ans } else { 2.0 - ans }
}

/// The Student-t quantile with `df` degrees of freedom at the probability where the standard
/// normal has quantile `z`: the Cornish–Fisher expansion of Abramowitz & Stegun 26.7.5 (four
/// terms; `df` is raised to [`MIN_T_DF`], where the error is below 0.1 % for `|z| ≤ 2.6`).
/// Monotone in `z`, so a normal draw maps to a t draw and a normal quantile to a t quantile.
pub(crate) fn t_from_z(z: f64, df: f64) -> f64 {
    let v = df.max(MIN_T_DF);
    let z2 = z * z;
    let z3 = z2 * z;
    let z5 = z3 * z2;
    let z7 = z5 * z2;
    let z9 = z7 * z2;
    let g1 = (z3 + z) / 4.0;
    let g2 = (5.0 * z5 + 16.0 * z3 + 3.0 * z) / 96.0;
    let g3 = (3.0 * z7 + 19.0 * z5 + 17.0 * z3 - 15.0 * z) / 384.0;
    let g4 = (79.0 * z9 + 776.0 * z7 + 1482.0 * z5 - 1920.0 * z3 - 945.0 * z) / 92_160.0;
    z + g1 / v + g2 / (v * v) + g3 / (v * v * v) + g4 / (v * v * v * v)
}

/// Standard normal draws for one sample path: Marsaglia's polar method (both values of a
/// pair are used, no trigonometry) on a ChaCha generator seeded per path
/// ([`Normals::for_path`]), so path `i` is the same whichever thread draws it.
pub(crate) struct Normals {
    rng: StdRng,
    spare: Option<f64>,
}

impl Normals {
    /// The draws of path `path` under `seed`.
    pub(crate) fn for_path(seed: u64, path: usize) -> Normals {
        use rand::SeedableRng;
        // Distinct, well-mixed seeds per path (SplitMix64's increment).
        let s = seed
            ^ (path as u64)
                .wrapping_add(1)
                .wrapping_mul(0x9E37_79B9_7F4A_7C15);
        Normals {
            rng: StdRng::seed_from_u64(s),
            spare: None,
        }
    }

    /// The next draw.
    pub(crate) fn next(&mut self) -> f64 {
        if let Some(v) = self.spare.take() {
            return v;
        }
        loop {
            let u = 2.0 * self.rng.random::<f64>() - 1.0;
            let v = 2.0 * self.rng.random::<f64>() - 1.0;
            let s = u * u + v * v;
            if s > 0.0 && s < 1.0 {
                let f = (-2.0 * s.ln() / s).sqrt();
                self.spare = Some(v * f);
                return u * f;
            }
        }
    }
}

/// The type-7 quantile of sorted finite values (linear interpolation between order
/// statistics); `sorted` must not be empty.
pub(crate) fn quantile_sorted(sorted: &[f64], q: f64) -> f64 {
    let n = sorted.len();
    if n == 1 {
        return sorted[0];
    }
    let pos = q.clamp(0.0, 1.0) * (n - 1) as f64;
    let lo = pos.floor() as usize;
    let hi = (lo + 1).min(n - 1);
    let w = pos - lo as f64;
    sorted[lo] + w * (sorted[hi] - sorted[lo])
}

/// Minimises `f` from `x0` by Nelder–Mead (the R `optim` defaults: reflection 1, expansion 2,
/// contraction 0.5; stop when the spread of the simplex values falls below `reltol` relative
/// to the best, or after `max_evals` evaluations). `step` is the initial simplex offset per
/// coordinate. Non-finite values of `f` count as +∞. Returns the best point and its value.
pub(crate) fn nelder_mead(
    f: &mut dyn FnMut(&[f64]) -> f64,
    x0: &[f64],
    step: &[f64],
    reltol: f64,
    max_evals: usize,
) -> (Vec<f64>, f64) {
    let n = x0.len();
    let mut eval = |x: &[f64]| {
        let v = f(x);
        if v.is_finite() { v } else { f64::INFINITY }
    };
    if n == 0 {
        let v = eval(x0);
        return (x0.to_vec(), v);
    }
    let mut simplex: Vec<Vec<f64>> = vec![x0.to_vec()];
    for i in 0..n {
        let mut x = x0.to_vec();
        x[i] += step[i];
        simplex.push(x);
    }
    let mut values: Vec<f64> = simplex.iter().map(|x| eval(x)).collect();
    let mut evals = n + 1;
    let mut centroid = vec![0.0; n];
    let point = |c: &[f64], x: &[f64], t: f64| -> Vec<f64> {
        c.iter().zip(x).map(|(c, x)| c + t * (x - c)).collect()
    };
    loop {
        // Order: best first.
        let mut order: Vec<usize> = (0..=n).collect();
        order.sort_by(|&a, &b| values[a].total_cmp(&values[b]));
        simplex = order.iter().map(|&i| simplex[i].clone()).collect();
        values = order.iter().map(|&i| values[i]).collect();
        let (best, worst) = (values[0], values[n]);
        if evals >= max_evals
            || (best.is_finite() && (worst - best).abs() <= reltol * (best.abs() + reltol))
        {
            break;
        }
        for c in centroid.iter_mut() {
            *c = 0.0;
        }
        for x in &simplex[..n] {
            for (c, xi) in centroid.iter_mut().zip(x) {
                *c += xi / n as f64;
            }
        }
        let xr = point(&centroid, &simplex[n], -1.0);
        let fr = eval(&xr);
        evals += 1;
        if fr < values[0] {
            let xe = point(&centroid, &simplex[n], -2.0);
            let fe = eval(&xe);
            evals += 1;
            if fe < fr {
                simplex[n] = xe;
                values[n] = fe;
            } else {
                simplex[n] = xr;
                values[n] = fr;
            }
        } else if fr < values[n - 1] {
            simplex[n] = xr;
            values[n] = fr;
        } else {
            let (xc, fc) = if fr < values[n] {
                let xc = point(&centroid, &xr, 0.5);
                let fc = eval(&xc);
                (xc, fc)
            } else {
                let xc = point(&centroid, &simplex[n], 0.5);
                let fc = eval(&xc);
                (xc, fc)
            };
            evals += 1;
            if fc < values[n].min(fr) {
                simplex[n] = xc;
                values[n] = fc;
            } else {
                // Shrink towards the best.
                for i in 1..=n {
                    simplex[i] = point(&simplex[0], &simplex[i], 0.5);
                    values[i] = eval(&simplex[i]);
                }
                evals += n;
            }
        }
        if values.iter().all(|v| !v.is_finite()) && evals > 4 * (n + 1) {
            break;
        }
    }
    (simplex.swap_remove(0), values[0])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normal_cdf_inverts_the_quantile() {
        for p in [0.001, 0.025, 0.1, 0.5, 0.9, 0.975, 0.999] {
            assert!((normal_cdf(normal_quantile(p)) - p).abs() < 1e-7, "{p}");
        }
        assert_eq!((normal_cdf(-40.0), normal_cdf(40.0)), (0.0, 1.0));
    }

    #[test]
    fn t_quantiles_match_the_tables() {
        // Student-t quantiles (R qt): df 4, 10, 30 at 0.9 and 0.975.
        for (df, p, want) in [
            (4.0, 0.9, 1.533_206),
            (4.0, 0.975, 2.776_445),
            (10.0, 0.9, 1.372_184),
            (10.0, 0.975, 2.228_139),
            (30.0, 0.975, 2.042_272),
        ] {
            let t = t_from_z(normal_quantile(p), df);
            assert!(
                (t - want).abs() / want < 1e-3,
                "df {df} p {p}: {t} vs {want}"
            );
            assert!((t_from_z(normal_quantile(1.0 - p), df) + want).abs() / want < 1e-3);
        }
        assert_eq!(t_from_z(1.0, 2.0), t_from_z(1.0, MIN_T_DF));
    }

    #[test]
    fn normal_quantiles() {
        approx::assert_relative_eq!(
            normal_quantile(0.975),
            1.959_963_984_540_054,
            epsilon = 1e-8
        );
        approx::assert_relative_eq!(normal_quantile(0.9), 1.281_551_565_544_6, epsilon = 1e-8);
        approx::assert_relative_eq!(normal_quantile(0.001), -3.090_232_306_167_8, epsilon = 1e-8);
        assert!(normal_quantile(0.5).abs() < 1e-12);
    }

    #[test]
    fn nelder_mead_finds_a_quadratic_minimum() {
        let mut f = |x: &[f64]| (x[0] - 3.0).powi(2) + 10.0 * (x[1] + 1.0).powi(2);
        let (x, v) = nelder_mead(&mut f, &[0.0, 0.0], &[1.0, 1.0], 1e-12, 2_000);
        assert!((x[0] - 3.0).abs() < 1e-4 && (x[1] + 1.0).abs() < 1e-4 && v < 1e-8);
    }
}
