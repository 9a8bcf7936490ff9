// Generates Pumasi's own country reference data and world map outlines from
// the pinned npm packages in package.json. Run `npm ci && node generate.mjs`;
// the output is deterministic, so re-running it on the same lockfile must not
// change any byte of the committed files. See README.md for sources, licences
// and the choices made here.

import { createRequire } from "node:module";
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import * as topojson from "topojson-client";

const require = createRequire(import.meta.url);
const here = dirname(fileURLToPath(import.meta.url));
const repo = join(here, "..", "..");
const COUNTRIES_OUT = join(repo, "crates/domain/data/countries.tsv");
const MAP_OUT = join(repo, "crates/web/assets/map/countries.tsv");

const LOCALES = ["en", "fr", "es", "ko"];

// ---------------------------------------------------------------------------
// Countries: the code list and numeric codes come from i18n-iso-countries; the
// names and the UN M49 regions come from Unicode CLDR, whose names are curated
// per language (i18n-iso-countries' Korean names are dated or misspelt, e.g.
// "포르투칼", and call Taiwan "중화민국" while its English says "Province of China").

const isoCountries = require("i18n-iso-countries");
const cldrTerritories = Object.fromEntries(
  LOCALES.map((l) => [
    l,
    require(`cldr-localenames-full/main/${l}/territories.json`).main[l]
      .localeDisplayNames.territories,
  ]),
);
const cldrNumeric = require("cldr-core/supplemental/codeMappings.json")
  .supplemental.codeMappings;
const containment = require("cldr-core/supplemental/territoryContainment.json")
  .supplemental.territoryContainment;

// CLDR's default names for these are long ("Hong Kong SAR China") or
// ambiguous-by-design ("Congo - Kinshasa"); the listed alternative reads
// better in a country picker. Used only where the locale has that alternative.
const PREFERRED_ALT = {
  HK: "short",
  MO: "short",
  PS: "short",
  CD: "variant",
  CG: "variant",
};

function countryName(alpha2, locale) {
  const t = cldrTerritories[locale];
  const alt = PREFERRED_ALT[alpha2];
  const name = (alt && t[`${alpha2}-alt-${alt}`]) || t[alpha2];
  if (!name) throw new Error(`CLDR has no ${locale} name for ${alpha2}`);
  if (/[\t\r\n]/.test(name)) throw new Error(`bad character in name ${name}`);
  return name;
}

// UN M49 regions as CLDR's territory containment encodes them (CLDR follows
// M49 here, e.g. Cyprus is Western Asia and Bouvet Island South America).
const REGIONS = { "002": "AF", "019": "AM", "142": "AS", "150": "EU", "009": "OC" };
// M49 puts Antarctica in no region; CLDR files it under "Outlying Oceania".
const REGION_OVERRIDES = { AQ: "AN" };

function regionIndex() {
  const found = {};
  const walk = (code, region) => {
    const entry = containment[code];
    if (!entry) {
      (found[code] ??= new Set()).add(region);
      return;
    }
    for (const child of entry._contains) walk(child, region);
  };
  for (const [code, region] of Object.entries(REGIONS)) walk(code, region);
  return found;
}

function buildCountries() {
  const regions = regionIndex();
  const rows = [];
  for (const alpha2 of Object.keys(isoCountries.getAlpha2Codes()).sort()) {
    const numeric = isoCountries.alpha2ToNumeric(alpha2);
    if (!/^\d{3}$/.test(numeric ?? "")) throw new Error(`no numeric code for ${alpha2}`);
    const cldr = cldrNumeric[alpha2]?._numeric;
    if (cldr && cldr !== numeric) {
      throw new Error(`numeric code of ${alpha2}: ${numeric} vs CLDR ${cldr}`);
    }
    let continent = REGION_OVERRIDES[alpha2];
    if (!continent) {
      const found = [...(regions[alpha2] ?? [])];
      if (found.length !== 1) throw new Error(`${alpha2} is in M49 regions [${found}]`);
      continent = found[0];
    }
    rows.push({
      alpha2,
      numeric,
      continent,
      names: LOCALES.map((l) => countryName(alpha2, l)),
    });
  }
  return rows;
}

// ---------------------------------------------------------------------------
// Equal Earth projection (Šavrič, Patterson & Jenny 2018), the same constants
// and formula as d3-geo's geoEqualEarthRaw. crates/domain/src/geo.rs must
// implement exactly this, so a city's point lands on its country's outline.

const A1 = 1.340264;
const A2 = -0.081106;
const A3 = 0.000893;
const A4 = 0.003796;
const M = Math.sqrt(3) / 2;

function equalEarthRaw(lambda, phi) {
  const l = Math.asin(M * Math.sin(phi));
  const l2 = l * l;
  const l6 = l2 * l2 * l2;
  return [
    (lambda * Math.cos(l)) / (M * (A1 + 3 * A2 * l2 + l6 * (7 * A3 + 9 * A4 * l2))),
    l * (A1 + A2 * l2 + l6 * (A3 + A4 * l2)),
  ];
}

const MAP_WIDTH = 1000;
const [RAW_HALF_WIDTH] = equalEarthRaw(Math.PI, 0);
const [, RAW_HALF_HEIGHT] = equalEarthRaw(0, Math.PI / 2);
const SCALE = MAP_WIDTH / 2 / RAW_HALF_WIDTH;
const MAP_HEIGHT = 2 * RAW_HALF_HEIGHT * SCALE;

/** Projects degrees to map units: x right from the left edge, y down from the top. */
function project(lat, lon) {
  const [x, y] = equalEarthRaw((lon * Math.PI) / 180, (lat * Math.PI) / 180);
  return [MAP_WIDTH / 2 + x * SCALE, MAP_HEIGHT / 2 - y * SCALE];
}

// ---------------------------------------------------------------------------
// Map outlines.

const world = require("world-atlas/countries-110m.json");

// Natural Earth draws these without an ISO code. Kosovo has one (XK); the
// other two are merged into the ISO 3166 country that contains them, so the
// map has no holes and no border that the country list does not know about.
const UNCODED = {
  Kosovo: "XK",
  "N. Cyprus": "CY",
  Somaliland: "SO",
};
// Antarctica has no members, and Equal Earth would stretch it along the whole
// bottom of the map.
const DROPPED = new Set(["AQ"]);

// Work in integer tenths of a map unit, so rounding happens once per point and
// relative coordinates never drift.
const toTenths = ([lon, lat]) => project(lat, lon).map((v) => Math.round(v * 10));

// Natural Earth's 1:110m rings are spherical: Russia's and Fiji's jump from
// +180 to -180 and back. Each such ring is cut at the antimeridian into a
// closed ring on each side of the map, so fills stay closed and nothing is
// drawn across the map.
function cutAtAntimeridian(ring) {
  // Unwrap longitudes so that consecutive points are never more than 180° apart.
  const unwrapped = [];
  let prev;
  for (const [lon, lat] of ring) {
    let l = lon;
    if (prev !== undefined) {
      while (l - prev > 180) l -= 360;
      while (prev - l > 180) l += 360;
    }
    unwrapped.push([l, lat]);
    prev = l;
  }
  const lons = unwrapped.map((p) => p[0]);
  const min = Math.min(...lons);
  const max = Math.max(...lons);
  if (min >= -180 && max <= 180) return [unwrapped];
  if (min < -180 && max > 180) throw new Error("ring wraps the whole globe");
  const edge = max > 180 ? 180 : -180;
  const shift = max > 180 ? -360 : 360;
  const near = clipHalfPlane(unwrapped, edge, (l) => (edge > 0 ? l <= edge : l >= edge));
  const far = clipHalfPlane(unwrapped, edge, (l) => (edge > 0 ? l >= edge : l <= edge));
  // A side holding only points on the meridian itself has no area.
  return [near, far.map(([l, lat]) => [l + shift, lat])].filter((r) =>
    r.some(([l]) => Math.abs(l) !== 180),
  );
}

/** Sutherland–Hodgman clipping of a ring against the meridian `edge`. */
function clipHalfPlane(ring, edge, keep) {
  const out = [];
  for (let i = 0; i < ring.length; i++) {
    const a = ring[i];
    const b = ring[(i + 1) % ring.length];
    if (keep(a[0])) out.push(a);
    if (keep(a[0]) !== keep(b[0]) && a[0] !== edge && b[0] !== edge) {
      const t = (edge - a[0]) / (b[0] - a[0]);
      out.push([edge, a[1] + t * (b[1] - a[1])]);
    }
  }
  return out;
}

/** Shortest decimal text of a number of tenths: 5 -> ".5", -15 -> "-1.5". */
function formatTenths(t) {
  const sign = t < 0 ? "-" : "";
  const a = Math.abs(t);
  const whole = Math.floor(a / 10);
  const frac = a % 10;
  if (frac === 0) return sign + whole;
  return sign + (whole === 0 ? "" : whole) + "." + frac;
}

/** Appends numbers with only the separators SVG's path grammar needs. */
class PathWriter {
  constructor() {
    this.out = "";
    this.lastHasDot = false;
    this.afterCommand = true;
  }
  command(c) {
    this.out += c;
    this.afterCommand = true;
  }
  number(t) {
    const s = formatTenths(t);
    const needsSpace =
      !this.afterCommand && !s.startsWith("-") && !(s.startsWith(".") && this.lastHasDot);
    this.out += (needsSpace ? " " : "") + s;
    this.lastHasDot = s.includes(".");
    this.afterCommand = false;
  }
}

function ringsOf(geometry) {
  let rings;
  if (geometry.type === "Polygon") rings = geometry.coordinates;
  else if (geometry.type === "MultiPolygon") rings = geometry.coordinates.flat();
  else throw new Error(`unexpected geometry ${geometry.type}`);
  return rings.flatMap(cutAtAntimeridian);
}

/** SVG path data for a (Multi)Polygon, with relative commands throughout. */
function pathData(code, geometry, stats) {
  const w = new PathWriter();
  // The current point, which after "z" is the start of the closed subpath.
  let cx = 0;
  let cy = 0;
  for (const ring of ringsOf(geometry)) {
    const pts = [];
    for (const p of ring.map(toTenths)) {
      const last = pts[pts.length - 1];
      if (!last || last[0] !== p[0] || last[1] !== p[1]) pts.push(p);
    }
    const first = pts[0];
    const end = pts[pts.length - 1];
    if (pts.length > 1 && end[0] === first[0] && end[1] === first[1]) pts.pop();
    if (pts.length < 3) {
      stats.tinyRings.push(code);
      continue;
    }
    const [start] = pts;
    w.command("m");
    w.number(start[0] - cx);
    w.number(start[1] - cy);
    // Pairs that follow a moveto are implicit relative linetos.
    let [px, py] = start;
    for (const [x, y] of pts.slice(1)) {
      if (Math.abs(x - px) > MAP_WIDTH * 5) throw new Error(`${code}: segment across the map`);
      w.number(x - px);
      w.number(y - py);
      [px, py] = [x, y];
    }
    w.command("z");
    [cx, cy] = start;
  }
  return w.out;
}

function buildMap(knownCodes) {
  const byCode = new Map();
  const dropped = [];
  for (const g of world.objects.countries.geometries) {
    const name = g.properties.name;
    const code = g.id === undefined ? UNCODED[name] : isoCountries.numericToAlpha2(g.id);
    if (!code) throw new Error(`no ISO code for map geometry ${g.id} ${name}`);
    if (!knownCodes.has(code)) throw new Error(`map code ${code} is not in the country list`);
    if (DROPPED.has(code)) {
      dropped.push(`${code} (${name})`);
      continue;
    }
    if (!byCode.has(code)) byCode.set(code, []);
    byCode.get(code).push(g);
  }
  const stats = { tinyRings: [] };
  const rows = [];
  for (const code of [...byCode.keys()].sort()) {
    const parts = byCode.get(code);
    // merge() dissolves the shared border of merged parts.
    const geometry =
      parts.length === 1
        ? topojson.feature(world, parts[0]).geometry
        : topojson.merge(world, parts);
    rows.push({ code, geometry, d: pathData(code, geometry, stats) });
  }
  return { rows, dropped, stats };
}

// ---------------------------------------------------------------------------
// Self-checks: a few cities must land inside their country's outline as drawn.

function insideRings(geometry, lat, lon) {
  const [x, y] = project(lat, lon).map((v) => v * 10);
  let inside = false;
  for (const ring of ringsOf(geometry)) {
    const pts = ring.map(toTenths);
    for (let i = 0, j = pts.length - 1; i < pts.length; j = i++) {
      const [xi, yi] = pts[i];
      const [xj, yj] = pts[j];
      if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
    }
  }
  return inside;
}

// GSEF forum cities and a few far-apart others; coastal cities are avoided
// because a 1:110m coastline may leave them just offshore.
const CITY_CHECKS = [
  ["Seoul", "KR", 37.5665, 126.978],
  ["Montréal", "CA", 45.5019, -73.5674],
  ["Bilbao", "ES", 43.263, -2.935],
  ["Mexico City", "MX", 19.4326, -99.1332],
  ["Bordeaux", "FR", 44.8378, -0.5792],
  ["Bamako", "ML", 12.6392, -8.0029],
  ["Brasília", "BR", -15.7939, -47.8828],
  ["Canberra", "AU", -35.2809, 149.13],
  ["Moscow", "RU", 55.7558, 37.6173],
  ["Anadyr", "RU", 64.7337, 177.4968],
  ["Chukotka, east of 180°", "RU", 66.0, -172.0],
  ["Viti Levu", "FJ", -17.8, 178.0],
];

function checkCities(mapRows) {
  const byCode = new Map(mapRows.map((r) => [r.code, r.geometry]));
  for (const [city, code, lat, lon] of CITY_CHECKS) {
    if (!insideRings(byCode.get(code), lat, lon)) {
      throw new Error(`${city} does not land inside ${code}`);
    }
  }
}

// ---------------------------------------------------------------------------

function write(path, text) {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
  console.log(`wrote ${relative(repo, path)}: ${Buffer.byteLength(text)} bytes`);
}

const countries = buildCountries();
write(
  COUNTRIES_OUT,
  ["alpha2\tnumeric\tcontinent\tname_en\tname_fr\tname_es\tname_ko"]
    .concat(countries.map((c) => [c.alpha2, c.numeric, c.continent, ...c.names].join("\t")))
    .join("\n") + "\n",
);

const map = buildMap(new Set(countries.map((c) => c.alpha2)));
checkCities(map.rows);
write(
  MAP_OUT,
  ["alpha2\td"].concat(map.rows.map((r) => `${r.code}\t${r.d}`)).join("\n") + "\n",
);

console.log(`${countries.length} countries, ${map.rows.length} outlines`);
console.log(`dropped from the map: ${map.dropped.join(", ")}`);
console.log(`uncoded geometries: ${Object.entries(UNCODED).map(([n, c]) => `${n} -> ${c}`).join(", ")}`);
console.log(`rings too small to draw at 0.1 units, skipped: ${map.stats.tinyRings.join(", ") || "none"}`);
console.log(`MAP_WIDTH = ${MAP_WIDTH}, MAP_HEIGHT = ${MAP_HEIGHT}, scale = ${SCALE}`);
// Reference values for the tests in crates/domain/src/geo.rs.
for (const [lat, lon] of [[0, 0], [37.57, 126.98], [-33.87, 151.21], [64.73, 177.5], [90, 180], [-90, -180]]) {
  const [x, y] = project(lat, lon);
  console.log(`project(${lat}, ${lon}) = (${x}, ${y})`);
}
