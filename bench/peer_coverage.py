#!/usr/bin/python3
"""The peer of shikan-bench's analyzer benchmark: the coverage part of `shikan analyze`, written the way an
analyst would in pandas (Debian's python3-pandas), over the same generic measurement CSV (docs/analyzer.md).

Same rules as the analyzer (analyzer/src/observe.cpp, figures.cpp):
  - rows with lat = lon = 0 have no fix and are not binned;
  - NR level: rsrp on NR-SA rows, nr_rsrp on NR-NSA rows; NR SINR likewise (sinr / nr_sinr); values outside the
    accepted ranges (RSRP -156..-31 dBm, SINR -23..40 dB) are dropped, which removes the sentinel codes;
  - 50 m bins per operator (PLMN) in a local metric frame whose origin is the first positioned row;
  - a bin is judged when it has an NR level or no NR sample at all; covered when >= 50 % of its samples are on
    NR, the mean of its NR RSRP in mW is >= -105 dBm and the linear mean of its NR SINR (when any) is >= -3 dB;
  - rate = covered / judged bins (every operator's bin a unit); sample rate = samples with RSRP >= -105 dBm and
    SINR >= -3 dB (when present) / samples, over judged bins.
The projection is a local equirectangular one with the WGS-84 radii of curvature at the origin, plus the
second-order term of the transverse Mercator the analyzer uses (y += x^2 tan(lat) / 2N): it agrees with the
analyzer's frame to centimetres within ~10 km of the origin, so the two bin grids coincide.

Output: one JSON object on stdout. Reads the whole file with pd.read_csv (only the columns it needs), or in
chunks with --chunksize N (aggregates per chunk, then sums).
"""
import argparse
import json
import math
import sys

import numpy as np
import pandas as pd

COLUMNS = ["lat", "lon", "plmn", "rat", "rsrp", "sinr", "nr_rsrp", "nr_sinr"]
DTYPES = {"lat": "float64", "lon": "float64", "plmn": "float64", "rat": "category", "rsrp": "float64",
          "sinr": "float64", "nr_rsrp": "float64", "nr_sinr": "float64"}
A = 6378137.0
F = 1 / 298.257223563
E2 = F * (2 - F)


def aggregate(df, origin, bin_m, rsrp_min, sinr_min):
    """Per (plmn, bin x, bin y) sums of one frame of rows; also returns the origin (set from the first fix)."""
    fix = ~((df["lat"] == 0) & (df["lon"] == 0)) & df["lat"].notna() & df["lon"].notna()
    df = df[fix]
    if df.empty:
        return None, origin
    if origin is None:
        origin = (float(df["lat"].iloc[0]), float(df["lon"].iloc[0]))
    lat0, lon0 = origin
    phi0 = math.radians(lat0)
    s = math.sin(phi0)
    n0 = A / math.sqrt(1 - E2 * s * s)                 # prime vertical radius
    m0 = A * (1 - E2) / (1 - E2 * s * s) ** 1.5        # meridian radius
    phi = np.radians(df["lat"].to_numpy())
    x = n0 * np.cos(phi) * np.radians(df["lon"].to_numpy() - lon0)
    y = m0 * (phi - phi0) + x * x * np.tan(phi) / (2 * n0)

    rat = df["rat"].astype(str).to_numpy()
    sa, nsa = rat == "NR-SA", rat == "NR-NSA"
    level = np.where(sa, df["rsrp"].to_numpy(), np.where(nsa, df["nr_rsrp"].to_numpy(), np.nan))
    sinr = np.where(sa, df["sinr"].to_numpy(), np.where(nsa, df["nr_sinr"].to_numpy(), np.nan))
    level[(level < -156) | (level > -31)] = np.nan
    sinr[(sinr < -23) | (sinr > 40)] = np.nan
    has_level, has_sinr = ~np.isnan(level), ~np.isnan(sinr)
    with np.errstate(invalid="ignore"):
        good = has_level & (level >= rsrp_min) & (~has_sinr | (sinr >= sinr_min))
    rows = pd.DataFrame({
        "plmn": df["plmn"].fillna(-1).to_numpy().astype(np.int64),  # no PLMN: -1
        "bx": np.floor(x / bin_m).astype(np.int64),
        "by": np.floor(y / bin_m).astype(np.int64),
        "samples": 1,
        "nr": (sa | nsa).astype(np.int64),
        "level_n": has_level.astype(np.int64),
        "mw": np.where(has_level, 10.0 ** (np.nan_to_num(level) / 10.0), 0.0),
        "sinr_n": has_sinr.astype(np.int64),
        "sinr_lin": np.where(has_sinr, 10.0 ** (np.nan_to_num(sinr) / 10.0), 0.0),
        "good": good.astype(np.int64),
    })
    return rows.groupby(["plmn", "bx", "by"], sort=False).sum(), origin


def judge(bins, rsrp_min, sinr_min, min_nr_share):
    judged = (bins["level_n"] > 0) | (bins["nr"] == 0)
    with np.errstate(divide="ignore", invalid="ignore"):
        rsrp_db = 10 * np.log10(bins["mw"] / bins["level_n"])
        sinr_db = 10 * np.log10(bins["sinr_lin"] / bins["sinr_n"])
    covered = (judged & (bins["nr"] >= min_nr_share * bins["samples"]) & (bins["level_n"] > 0) &
               (rsrp_db >= rsrp_min) & ((bins["sinr_n"] == 0) | (sinr_db >= sinr_min)))
    j = bins[judged]
    n = int(judged.sum())
    out = {"bins": n, "covered_bins": int(covered.sum()), "samples": int(j["samples"].sum()),
           "good_samples": int(j["good"].sum())}
    out["rate"] = out["covered_bins"] / n if n else None
    out["sample_rate"] = out["good_samples"] / out["samples"] if out["samples"] else None
    # The analyzer falls back to presence-only judging when most NR samples lack a level; say if that applies.
    out["presence_only"] = bool(2 * bins["level_n"].sum() < bins["nr"].sum())
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("csv")
    ap.add_argument("--bin-m", type=float, default=50)
    ap.add_argument("--rsrp-dbm", type=float, default=-105)
    ap.add_argument("--sinr-db", type=float, default=-3)
    ap.add_argument("--min-nr-share", type=float, default=0.5)
    ap.add_argument("--chunksize", type=int, default=0, help="read in chunks of N rows (0: whole file)")
    a = ap.parse_args()

    read = dict(usecols=COLUMNS, dtype=DTYPES)
    origin, parts, rows = None, [], 0
    if a.chunksize > 0:
        for chunk in pd.read_csv(a.csv, chunksize=a.chunksize, **read):
            rows += len(chunk)
            part, origin = aggregate(chunk, origin, a.bin_m, a.rsrp_dbm, a.sinr_db)
            if part is not None:
                parts.append(part)
        bins = pd.concat(parts).groupby(level=[0, 1, 2], sort=False).sum() if parts else None
    else:
        df = pd.read_csv(a.csv, **read)
        rows = len(df)
        bins, origin = aggregate(df, origin, a.bin_m, a.rsrp_dbm, a.sinr_db)
        del df
    if bins is None:
        print(json.dumps({"rows": rows, "bins": 0}))
        return 0
    result = {"rows": rows, "read": f"chunks of {a.chunksize} rows" if a.chunksize > 0 else "whole file",
              "pandas": pd.__version__, "numpy": np.__version__,
              "projection": "local equirectangular (WGS-84 radii at the origin) + x^2 tan(lat)/2N",
              "origin": {"lat": origin[0], "lon": origin[1]}}
    result.update(judge(bins, a.rsrp_dbm, a.sinr_db, a.min_nr_share))
    result["per_operator"] = {}
    for plmn, b in bins.groupby(level=0, sort=True):
        result["per_operator"][str(plmn)] = judge(b, a.rsrp_dbm, a.sinr_db, a.min_nr_share)
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
