#!/usr/bin/env node
// Generates a national-scale submission file (SYNTHETIC, NOT OFFICIAL STATISTICS) for the benchmark:
// one row per village or community, 12-digit codes under 31 provinces and 2,844 county-level units
// (the end-2020 per-province counts, approximately), plus a plan that is the bundled plan with a
// national division list, so that every code is known.
//
//   node test/bench/generate-national.mjs ROWS OUT_DIR      (needs `npm run build` first)
//
// Deterministic: one seeded generator, drawn in a fixed order, so the same ROWS give the same bytes.
// Values obey every `x <= …` rule of the plan (each is enforced after drawing) and the fields' min/max.

import { mkdirSync, readFileSync, writeFileSync, createWriteStream } from 'node:fs';
import { join, resolve } from 'node:path';
import { once } from 'node:events';

const ROOT = new URL('../../', import.meta.url);
const BUNDLED = new URL('data/zhejiang-community-services-2021-2025.yaml', ROOT);
const YEAR = 2024;
const SEED = 20201231;

// [province code, prefecture-level units, county-level units] (end of 2020, approximately).
const PROVINCES = [
  [11, 1, 16], [12, 1, 16], [13, 11, 167], [14, 11, 117], [15, 12, 103], [21, 14, 100], [22, 9, 60],
  [23, 13, 121], [31, 1, 16], [32, 13, 95], [33, 11, 90], [34, 16, 104], [35, 9, 84], [36, 11, 100],
  [37, 16, 136], [41, 17, 157], [42, 17, 103], [43, 14, 122], [44, 21, 122], [45, 14, 111], [46, 4, 25],
  [50, 2, 38], [51, 21, 183], [52, 9, 88], [53, 16, 129], [54, 7, 74], [61, 10, 107], [62, 14, 86],
  [63, 8, 44], [64, 5, 22], [65, 14, 108],
];
const NAME_CHARS = '东南西北中新兴和平安康宁福寿永丰泰华光明建设前进胜利红星幸福团结长青';

function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const random = mulberry32(SEED);
const between = (lo, hi) => lo + (hi - lo) * random();
const int = (lo, hi) => Math.floor(between(lo, hi + 1));
const chance = (p) => (random() < p ? 1 : 0);
const pick = (text) => text[Math.floor(random() * text.length)];
const pad = (n, width) => String(n).padStart(width, '0');

/** Spreads `total` over `weights` in whole numbers that add up exactly. */
function apportion(total, weights) {
  const sum = weights.reduce((a, b) => a + b, 0);
  const shares = weights.map((w) => Math.floor((total * w) / sum));
  let left = total - shares.reduce((a, b) => a + b, 0);
  for (let i = 0; left > 0; i = (i + 1) % shares.length, left--) shares[i]++;
  return shares;
}

function divisionsOf() {
  const rows = [];
  const counties = [];
  for (const [province, cityCount, countyCount] of PROVINCES) {
    rows.push([`${province}0000`, `省${province}`, 'province', '']);
    const perCity = apportion(countyCount, Array.from({ length: cityCount }, () => between(0.5, 1.5)));
    perCity.forEach((n, c) => {
      const city = `${province}${pad(c + 1, 2)}00`;
      rows.push([city, `市${city}`, 'city', `${province}0000`]);
      for (let k = 1; k <= n; k++) {
        const county = `${city.slice(0, 4)}${pad(k, 2)}`;
        rows.push([county, `县${county}`, 'county', city]);
        counties.push(county);
      }
    });
  }
  return { rows, counties };
}

/** A village's or community's inputs, before the plan's rules are enforced. */
function drawValues(isCommunity, minLiving) {
  const resident = isCommunity ? int(1500, 15000) : int(300, 4000);
  const urban = Math.floor(resident * (isCommunity ? between(0.9, 1) : between(0, 0.3)));
  const elderly = Math.floor(resident * between(0.12, 0.32));
  const households = Math.floor(resident / between(2.3, 3.2));
  const floor = Math.round(between(2000, 30000) * 10) / 10;
  const keyGroups = Math.floor(elderly * between(0.3, 0.6));
  const workers = int(3, 15);
  const ownersRequired = isCommunity ? int(0, 5) : 0;
  const propertyRequired = isCommunity ? int(0, 5) : 0;
  const committeeMembers = isCommunity ? int(0, 30) : 0;
  const special = Math.floor(elderly * between(0, 0.03));
  const reservoir = chance(0.02);
  const children = int(0, 5);
  const cases = int(0, 10);
  const families = int(0, 20);
  const v = isCommunity ? 0 : 1;
  const c = isCommunity ? 1 : 0;
  return {
    resident_population: resident,
    urban_population: urban,
    elderly_population: elderly,
    households,
    urban_income_per_capita: int(35000, 90000),
    rural_income_per_capita: int(12000, 45000),
    administrative_villages: v,
    urban_communities: c,
    villages_income_500k: v * chance(0.3),
    min_living_standard: minLiving,
    future_communities: c * chance(0.01),
    future_villages: v * chance(0.005),
    beautiful_villages: v * chance(0.6),
    leading_rural_communities: v * chance(0.05),
    barrier_free_communities: c * chance(0.03),
    epidemic_free_units: chance(0.9),
    old_compounds_renovated: c * int(0, 3),
    smart_community_county: 0,
    residents_living_rooms: chance(0.01),
    community_commercial_area_m2: Math.round(floor * between(0.05, 0.15) * 10) / 10,
    community_floor_area_m2: floor,
    service_facility_area_m2: Math.round(households * between(0.2, 0.5) * 10) / 10,
    hygienic_villages: v * chance(0.5),
    childcare_slots: int(0, 30),
    community_workers: workers,
    certified_community_workers: Math.floor(workers * between(0.2, 0.4)),
    social_organizations: int(0, 8),
    certified_social_workers: int(0, 10),
    certified_eldercare_nurses: int(0, 6),
    general_practitioners: int(0, 3),
    elderly_social_workers: int(0, 2),
    special_needs_elderly: special,
    special_needs_elderly_visited: Math.floor(special * between(0.8, 1)),
    urban_consultation_pilots: c * chance(0.2),
    village_consultation_pilots: v * chance(0.2),
    villages_waste_sorting: v * chance(0.8),
    villages_sewage_treated: v * chance(0.7),
    villages_sanitary_toilets: v * chance(0.9),
    community_service_complexes: chance(0.5),
    villages_with_service_facility: v * chance(0.95),
    reservoir_resettlement_communities: reservoir,
    reservoir_communities_with_facility: reservoir * chance(0.7),
    reservoir_communities_facility_standard: reservoir * chance(0.6),
    boutique_beautiful_villages: v * chance(0.1),
    communities_with_meal_service: chance(0.6),
    eldercare_consortium_county: 0,
    townships: 0,
    townships_with_childcare: 0,
    zero_employment_households: int(0, 2),
    childcare_friendly_communities: chance(0.05),
    children_in_difficulty: children,
    children_in_difficulty_visited: Math.floor(children * between(0.7, 1)),
    assistance_one_thing_cases: cases,
    assistance_one_thing_cases_joint: Math.floor(cases * between(0.5, 1)),
    assisted_families: families,
    assisted_families_cared: Math.floor(families * between(0.6, 1)),
    key_groups_population: keyGroups,
    key_groups_signed: Math.floor(keyGroups * between(0.5, 0.95)),
    learning_communities: chance(0.1),
    owners_committees_party_org_required: ownersRequired,
    owners_committees_party_org_built: Math.floor(ownersRequired * between(0.5, 1)),
    property_companies_party_org_required: propertyRequired,
    property_companies_party_org_built: Math.floor(propertyRequired * between(0.5, 1)),
    owners_committee_members: committeeMembers,
    owners_committee_party_members: Math.floor(committeeMembers * between(0.2, 0.6)),
    smart_communities: c * chance(0.2),
    villages_with_self_service_terminal: v * chance(0.3),
    community_leading_talents: int(0, 2),
    communities_with_volunteer_station: chance(0.7),
  };
}

/** Fields a village leaves blank now and then (about 0.5% of rows each). */
const SOMETIMES_BLANK = new Set(['children_in_difficulty_visited', 'childcare_slots', 'key_groups_signed', 'general_practitioners']);

function cell(value) {
  if (value === null) return '';
  return Number.isInteger(value) ? String(value) : value.toFixed(1);
}

async function main() {
  const rows = Number(process.argv[2] ?? 650_000);
  const outDir = resolve(process.argv[3] ?? '.');
  mkdirSync(outDir, { recursive: true });
  const { loadPlan } = await import(new URL('dist/io/read-plan.js', ROOT).href);
  const { evaluate } = await import(new URL('dist/core/formula.js', ROOT).href);
  const plan = await loadPlan();
  const ceilings = plan.rules.filter((r) => r.op === '<=' && r.left.ast.kind === 'field' && !r.levels);

  const { rows: divisions, counties } = divisionsOf();
  writeFileSync(join(outDir, 'national-divisions.csv'), `code,name,level,parent_code\n${divisions.map((r) => r.join(',')).join('\n')}\n`);
  const yaml = readFileSync(BUNDLED, 'utf8').replace(/^  divisions: .*$/m, '  divisions: national-divisions.csv');
  writeFileSync(join(outDir, 'national-plan.yaml'), yaml);

  const ids = plan.inputs.map((f) => f.id);
  const file = join(outDir, `national-${rows}.csv`);
  const out = createWriteStream(file);
  out.write(`region_code,region_name,year,${ids.join(',')}\n`);
  const perCounty = apportion(rows, counties.map(() => between(0.3, 1.7)));
  let buffer = '';
  for (let k = 0; k < counties.length; k++) {
    const minLiving = int(6000, 14000);
    const perTownship = apportion(perCounty[k], Array.from({ length: Math.max(1, Math.ceil(perCounty[k] / 17)) }, () => between(0.5, 1.5)));
    for (let t = 0; t < perTownship.length; t++) {
      const villages = perTownship[t];
      const township = `${counties[k]}${pad(t + 1, 3)}`;
      const communities = Math.round(villages * 0.18);
      for (let i = 0; i < villages; i++) {
        const isCommunity = i < communities;
        const code = `${township}${pad(isCommunity ? i + 1 : 200 + i - communities + 1, 3)}`;
        const name = isCommunity ? `${pick(NAME_CHARS)}${pick(NAME_CHARS)}社区` : `${pick(NAME_CHARS)}${pick(NAME_CHARS)}村`;
        const values = drawValues(isCommunity, minLiving);
        for (let pass = 0; pass < 2; pass++) {
          for (const rule of ceilings) {
            const ceiling = evaluate(rule.right, (id) => values[id] ?? NaN).value;
            const id = rule.left.ast.id;
            if (ceiling !== null && values[id] > ceiling) values[id] = Math.floor(ceiling);
          }
        }
        for (const id of SOMETIMES_BLANK) if (random() < 0.005) values[id] = null;
        buffer += `${code},${name},${YEAR},${ids.map((id) => cell(values[id] ?? 0)).join(',')}\n`;
        if (buffer.length > 1 << 16) {
          if (!out.write(buffer)) await once(out, 'drain');
          buffer = '';
        }
      }
    }
  }
  out.end(buffer);
  await once(out, 'finish');
  process.stdout.write(`${file}\n`);
}

await main();
