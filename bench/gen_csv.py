#!/usr/bin/env python3
"""Deterministic fictional organisations in Pumasi's CSV columns (docs/IMPORT.md), for bench/run.sh.

    gen_csv.py extra22 OUT.csv      22 "Bench Co-op N (fictional)" allied members in Lyon (FR)
    gen_csv.py orgs N OUT.csv       N varied fictional organisations (members, allied or full)

The same arguments always give the same bytes (fixed seed, no clock, no locale).
"""

import csv
import random
import sys

# ~40 ISO 3166-1 codes on every continent, with a rough centre for plausible coordinates.
COUNTRIES = [
    ("KR", "Seoul", 37.57, 126.98), ("JP", "Tokyo", 35.68, 139.69), ("CN", "Beijing", 39.90, 116.40),
    ("IN", "Delhi", 28.61, 77.21), ("ID", "Jakarta", -6.21, 106.85), ("PH", "Manila", 14.60, 120.98),
    ("VN", "Hanoi", 21.03, 105.85), ("TH", "Bangkok", 13.76, 100.50), ("MY", "Kuala Lumpur", 3.14, 101.69),
    ("SG", "Singapore", 1.35, 103.82), ("TR", "Ankara", 39.93, 32.86), ("IL", "Jerusalem", 31.77, 35.21),
    ("FR", "Paris", 48.86, 2.35), ("DE", "Berlin", 52.52, 13.40), ("ES", "Madrid", 40.42, -3.70),
    ("IT", "Rome", 41.90, 12.50), ("PT", "Lisbon", 38.72, -9.14), ("GB", "London", 51.51, -0.13),
    ("NL", "Amsterdam", 52.37, 4.90), ("BE", "Brussels", 50.85, 4.35), ("SE", "Stockholm", 59.33, 18.07),
    ("PL", "Warsaw", 52.23, 21.01), ("US", "Chicago", 41.88, -87.63), ("CA", "Montreal", 45.50, -73.57),
    ("MX", "Mexico City", 19.43, -99.13), ("BR", "Sao Paulo", -23.55, -46.63), ("AR", "Buenos Aires", -34.60, -58.38),
    ("CL", "Santiago", -33.45, -70.67), ("CO", "Bogota", 4.71, -74.07), ("PE", "Lima", -12.05, -77.04),
    ("ZA", "Johannesburg", -26.20, 28.05), ("NG", "Lagos", 6.52, 3.38), ("KE", "Nairobi", -1.29, 36.82),
    ("SN", "Dakar", 14.72, -17.47), ("MA", "Rabat", 34.02, -6.83), ("EG", "Cairo", 30.04, 31.24),
    ("GH", "Accra", 5.60, -0.19), ("ET", "Addis Ababa", 9.03, 38.74), ("AU", "Melbourne", -37.81, 144.96),
    ("NZ", "Wellington", -41.29, 174.78),
]

CATEGORIES = [
    "local_government", "state_agency", "ngo", "coop_social_enterprise", "youth_org",
    "finance_institution", "research", "network_local_gov", "network_sse", "network_youth",
    "network_finance", "network_public_private",
]

KINDS = ["Co-op", "Mutual", "Social Enterprise", "Solidarity Fund", "Network", "Association"]
LANGS = ["en", "fr", "es", "ko", "en;fr", "en;es", "ko;en"]

COLUMNS = [
    "name", "lang", "description", "category", "class", "status", "college", "country", "city",
    "latitude", "longitude", "website", "languages", "joined_on", "first_fee_paid_on", "fictional",
]


def extra22(out):
    w = csv.writer(out, lineterminator="\n")
    w.writerow(["name", "category", "class", "status", "country", "city", "fictional"])
    for n in range(1, 23):
        w.writerow([f"Bench Co-op {n} (fictional)", "ngo", "allied", "member", "FR", f"Lyon {n}", "true"])


def orgs(count, out):
    rng = random.Random(20261124)
    w = csv.writer(out, lineterminator="\n")
    w.writerow(COLUMNS)
    for n in range(1, count + 1):
        code, city, lat, lon = COUNTRIES[rng.randrange(len(COUNTRIES))]
        kind = KINDS[rng.randrange(len(KINDS))]
        full = rng.random() < 0.4
        year = 2014 + rng.randrange(12)
        date = f"{year}-{1 + rng.randrange(12):02d}-{1 + rng.randrange(28):02d}"
        w.writerow([
            f"Bench {kind} {n:06d} (fictional)",
            "en",
            f"A fictional {kind.lower()} generated for benchmarks, number {n}, based in {city}.",
            CATEGORIES[rng.randrange(len(CATEGORIES))],
            "full" if full else "allied",
            "member",
            str(1 + rng.randrange(5)) if full else "",
            code,
            f"{city} {1 + rng.randrange(50)}",
            f"{lat + rng.uniform(-1, 1):.4f}",
            f"{lon + rng.uniform(-1, 1):.4f}",
            f"https://bench-{n:06d}.example.org",
            LANGS[rng.randrange(len(LANGS))],
            date,
            date if full else "",
            "true",
        ])


def main():
    if len(sys.argv) == 3 and sys.argv[1] == "extra22":
        with open(sys.argv[2], "w", encoding="utf-8", newline="") as f:
            extra22(f)
    elif len(sys.argv) == 4 and sys.argv[1] == "orgs":
        with open(sys.argv[3], "w", encoding="utf-8", newline="") as f:
            orgs(int(sys.argv[2]), f)
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main()
