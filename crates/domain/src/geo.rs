//! Places on the world map: latitude/longitude validation and the projection.
//!
//! The map uses the Equal Earth projection. The country outlines in
//! `crates/web/assets/map/countries.tsv` are projected by
//! `tools/refdata/generate.mjs` with exactly these constants and formula, so a
//! place projected here lands on its country as drawn there.

use std::f64::consts::PI;

/// Width of the map in SVG user units; the whole globe spans it exactly.
pub const MAP_WIDTH: f64 = 1000.0;

/// Height of the whole Equal Earth globe at [`MAP_WIDTH`], pole to pole, so a
/// `viewBox="0 0 1000 486.72"` (or `487`, leaving 0.28 units spare at the
/// bottom) shows the map undistorted.
pub const MAP_HEIGHT: f64 = 486.716_975_387_404_43;

/// Map units per unit of the raw projection: `MAP_WIDTH / 2` over the raw
/// half-width at the equator, `π / (M · A1)`.
const SCALE: f64 = 184.731_567_673_398_16;

// Šavrič, Patterson & Jenny (2018), as in d3-geo's `geoEqualEarthRaw`.
const A1: f64 = 1.340_264;
const A2: f64 = -0.081_106;
const A3: f64 = 0.000_893;
const A4: f64 = 0.003_796;
/// √3 / 2, written out because `f64::sqrt` is not `const`.
const M: f64 = 0.866_025_403_784_438_6;

/// Equal Earth in radians, y up, both axes centred on (0, 0). Written without
/// `mul_add` because JavaScript has none and the generator is the reference.
fn equal_earth_raw(lambda: f64, phi: f64) -> (f64, f64) {
    let l = (M * phi.sin()).asin();
    let l2 = l * l;
    let l6 = l2 * l2 * l2;
    (
        lambda * l.cos() / (M * (A1 + 3.0 * A2 * l2 + l6 * (7.0 * A3 + 9.0 * A4 * l2))),
        l * (A1 + A2 * l2 + l6 * (A3 + A4 * l2)),
    )
}

/// Projects degrees to map units: `x` from the left edge, `y` down from the top.
///
/// Valid input lands within `[0, MAP_WIDTH] × [0, MAP_HEIGHT]`. Check input
/// with [`valid_coordinates`] first: out-of-range longitudes land off the map
/// and `NaN` stays `NaN`.
#[must_use]
pub fn project(lat: f64, lon: f64) -> (f64, f64) {
    // Same operation order as the generator, so both round the same way.
    let (x, y) = equal_earth_raw(lon * PI / 180.0, lat * PI / 180.0);
    (MAP_WIDTH / 2.0 + x * SCALE, MAP_HEIGHT / 2.0 - y * SCALE)
}

/// Whether `lat`/`lon` are finite degrees on the globe.
#[must_use]
pub fn valid_coordinates(lat: f64, lon: f64) -> bool {
    lat.is_finite() && lon.is_finite() && lat.abs() <= 90.0 && lon.abs() <= 180.0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn assert_near(actual: (f64, f64), expected: (f64, f64), tolerance: f64) {
        assert!(
            (actual.0 - expected.0).abs() <= tolerance
                && (actual.1 - expected.1).abs() <= tolerance,
            "{actual:?} is not within {tolerance} of {expected:?}"
        );
    }

    #[test]
    fn constants_follow_from_the_projection() {
        assert!((M - 3f64.sqrt() / 2.0).abs() < 1e-15);
        let (half_width, _) = equal_earth_raw(PI, 0.0);
        let (_, half_height) = equal_earth_raw(0.0, PI / 2.0);
        assert!((SCALE - MAP_WIDTH / 2.0 / half_width).abs() < 1e-9);
        assert!((MAP_HEIGHT - 2.0 * half_height * SCALE).abs() < 1e-9);
    }

    #[test]
    fn origin_is_the_centre() {
        assert_near(project(0.0, 0.0), (MAP_WIDTH / 2.0, MAP_HEIGHT / 2.0), 1e-9);
    }

    #[test]
    fn the_globe_fills_the_map() {
        assert_near(project(0.0, -180.0), (0.0, MAP_HEIGHT / 2.0), 1e-9);
        assert_near(project(0.0, 180.0), (MAP_WIDTH, MAP_HEIGHT / 2.0), 1e-9);
        assert!(project(90.0, 0.0).1.abs() < 1e-9);
        assert!((project(-90.0, 0.0).1 - MAP_HEIGHT).abs() < 1e-9);
    }

    #[test]
    fn seoul_is_in_north_east_asia() {
        let (x, y) = project(37.57, 126.98);
        assert!((800.0..835.0).contains(&x), "x = {x}");
        assert!((95.0..120.0).contains(&y), "y = {y}");
    }

    #[test]
    fn matches_the_generator() {
        // Printed by `node tools/refdata/generate.mjs`.
        assert_near(
            project(37.57, 126.98),
            (817.243_279_977_554, 108.199_415_694_029_28),
            0.05,
        );
        assert_near(
            project(-33.87, 151.21),
            (885.553_828_380_228_4, 366.150_625_892_572),
            0.05,
        );
        assert_near(
            project(64.73, 177.5),
            (853.849_940_215_763_9, 31.160_541_584_274_34),
            0.05,
        );
        assert_near(project(90.0, 180.0), (796.233_444_900_778_3, 0.0), 0.05);
    }

    #[test]
    fn coordinates_are_validated() {
        assert!(valid_coordinates(37.57, 126.98));
        assert!(valid_coordinates(-90.0, -180.0));
        assert!(valid_coordinates(90.0, 180.0));
        assert!(!valid_coordinates(90.1, 0.0));
        assert!(!valid_coordinates(0.0, -180.5));
        assert!(!valid_coordinates(f64::NAN, 0.0));
        assert!(!valid_coordinates(0.0, f64::INFINITY));
    }
}
