#!/usr/bin/env bash
# The fuzz targets' seed corpora (issue 15 item 3): the committed seeds of
# tests/fuzz/corpus/<target>/ plus seeds made from data/, written to
# OUT/<target>/. Usage: make_corpus.sh BUILD_DIR OUT_DIR
set -euo pipefail
build=$1
out=$2
src=$(cd "$(dirname "$0")/../.." && pwd)
data=$src/data
rm -rf "$out"
for dir in "$src"/tests/fuzz/corpus/*/; do
  mkdir -p "$out/$(basename "$dir")"
  cp -r "$dir." "$out/$(basename "$dir")/"
done
mkdir -p "$out"/{census_csv,census_parquet,config_yaml,lever_csv,seed_tables,api_json,http_request}

# Census: the bundled census's header with its first 5 and 40 rows, and the
# 40 with CRLF line ends.
head -n 6 "$data/census_preprocessed.csv" >"$out/census_csv/bundled_5.csv"
head -n 41 "$data/census_preprocessed.csv" >"$out/census_csv/bundled_40.csv"
sed 's/$/\r/' "$out/census_csv/bundled_40.csv" >"$out/census_csv/bundled_40_crlf.csv"
# Parquet: the census seeds that DuckDB can convert.
"$build/bin/fuzz_make_parquet_seeds" "$out/census_parquet" \
  "$out/census_csv/bundled_5.csv" "$out/census_csv/bundled_40.csv" \
  "$src/tests/fuzz/corpus/census_csv/typed_rows.csv" \
  "$src/tests/fuzz/corpus/census_csv/edge_values.csv" 2>/dev/null

cp "$data/simulation_config.yaml" "$out/config_yaml/bundled.yaml"

cp "$data/seeds/comp_levers.csv" "$out/lever_csv/bundled.csv"
head -n 12 "$data/seeds/comp_levers.csv" >"$out/lever_csv/bundled_11.csv"

# Seed tables: the first byte picks the file (seed_tables_fuzz.cpp's order).
i=0
for name in config_job_levels config_termination_hazard_base \
  config_termination_hazard_age_multipliers config_termination_hazard_tenure_multipliers \
  config_promotion_hazard_age_multipliers config_promotion_hazard_tenure_multipliers \
  config_raise_timing_distribution config_timing_validation_rules config_cola_by_year \
  config_raises_hazard; do
  { printf "\\$(printf '%03o' "$i")"; cat "$data/seeds/$name.csv"; } >"$out/seed_tables/$i-$name.csv"
  i=$((i + 1))
done
