#!/usr/bin/env node
// Generates the bundled sample submissions in data/sample/ (ILLUSTRATIVE, NOT OFFICIAL STATISTICS).
//
//   node test/tools/generate-sample.mjs [OUTPUT_DIR]      (default: data/sample)
//
// Deterministic: every random draw comes from a hash of a fixed seed and a key naming what is drawn
// (region, field, …), so the output is byte-identical on every run and changing one part of the
// model does not reshuffle the rest. No dependencies beyond node: modules.
//
// What is real: the 2020 resident populations of the 11 cities, the published 60+ counts and family
// household counts, the year-end 2020 urbanisation of Hangzhou, Ningbo, Wenzhou and Jiaxing, and the
// province's census urban and 60+ totals (7th national census, 2020-11-01; see CENSUS below).
// Everything else is invented, calibrated so that the province built from these rows lands near the
// plan's 2020 values (主要发展指标, 2020年实际值).

import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const OUT_DIR = resolve(process.argv[2] ?? join(ROOT, 'data/sample'));
const SEED = 'planmetrics-zj-sample-v1';
const YEARS = [2020, 2022, 2024];

// ---------------------------------------------------------------------------------------------
// Deterministic randomness: u(key) in [0, 1), the same for the same key on every run.

function fnv1a(text) {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

function mulberry32(a) {
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const u = (key) => mulberry32(fnv1a(`${SEED}|${key}`))();
/** A value in [1 - spread, 1 + spread]. */
const jitter = (key, spread) => 1 + spread * (2 * u(key) - 1);

// ---------------------------------------------------------------------------------------------
// Real figures (/work/shared/reference/zhejiang-census-2020.csv, 7th national census 2020-11-01;
// city bulletins as cited there). null = not published in the sources found.

const PROVINCE = { resident: 64567588, urban: 46598465, elderly: 12072684 };

const CENSUS = {
  330100: { resident: 11936010, elderly: 2013297, households: 4435927, urbanRate: 0.833 },
  330200: { resident: 9404283, elderly: 1702566, households: 3932712, urbanRate: 0.78 },
  330300: { resident: 9572903, elderly: null, households: 3662213, urbanRate: 0.722 },
  330400: { resident: 5400868, elderly: 1042562, households: null, urbanRate: 0.713 },
  330500: { resident: 3367579, elderly: 718721, households: 1197973, urbanRate: null },
  330600: { resident: 5270977, elderly: null, households: null, urbanRate: null },
  330700: { resident: 7050683, elderly: null, households: null, urbanRate: null },
  330800: { resident: 2276184, elderly: null, households: 916430, urbanRate: null },
  330900: { resident: 1157817, elderly: null, households: 489082, urbanRate: null },
  331000: { resident: 6622888, elderly: 1295869, households: 2510062, urbanRate: null },
  331100: { resident: 2507396, elderly: null, households: null, urbanRate: null },
};

// Invented where the census sources give nothing (urbanisation, 60+ share, persons per household).
// Shaoxing's urban and 60+ counts are the remainder that makes the 11 cities sum exactly to the
// province's census totals; Jinhua's 60+ count applies the published 16.02% share.
const INVENTED_URBAN_RATE = { 330500: 0.655, 330700: 0.686, 330800: 0.585, 330900: 0.72, 331000: 0.637, 331100: 0.62 };
const INVENTED_ELDERLY_SHARE = { 330300: 0.175, 330700: 0.1602, 330800: 0.23, 330900: 0.24, 331100: 0.22 };
const INVENTED_PERSONS_PER_HOUSEHOLD = { 330400: 2.62, 330600: 2.6, 330700: 2.58, 331100: 2.55 };
const RESIDUAL_CITY = '330600';

// Cities submitted as county rows (no city row of their own): Hangzhou and Lishui.
const BUILT_FROM_COUNTIES = ['330100', '331100'];

// County splits (invented, plausible): population weight (thousands), urbanisation, 60+ share,
// villages, urban communities, townships. Populations and urban / 60+ counts are scaled so the
// counties add up exactly to the city's figures.
const COUNTY_PROFILE = {
  330102: [1323, 0.995, 0.17, 0, 205, 14],
  330105: [1177, 0.99, 0.17, 4, 190, 18],
  330106: [1120, 0.93, 0.15, 40, 160, 11],
  330108: [504, 0.99, 0.1, 8, 62, 3],
  330109: [2011, 0.8, 0.16, 320, 140, 22],
  330110: [1226, 0.82, 0.13, 130, 120, 12],
  330111: [832, 0.62, 0.2, 270, 60, 24],
  330112: [635, 0.58, 0.21, 270, 40, 18],
  330113: [1176, 0.8, 0.15, 80, 90, 8],
  330114: [769, 0.85, 0.12, 50, 60, 7],
  330122: [454, 0.57, 0.21, 180, 25, 14],
  330127: [329, 0.45, 0.23, 420, 20, 23],
  330182: [442, 0.56, 0.22, 240, 30, 16],
  331102: [570, 0.78, 0.19, 220, 45, 15],
  331121: [380, 0.58, 0.23, 260, 20, 32],
  331122: [410, 0.55, 0.22, 250, 18, 18],
  331123: [190, 0.5, 0.25, 200, 12, 20],
  331124: [200, 0.48, 0.24, 250, 10, 19],
  331125: [130, 0.7, 0.22, 70, 10, 10],
  331126: [150, 0.52, 0.24, 130, 8, 19],
  331127: [110, 0.5, 0.23, 140, 7, 21],
  331181: [250, 0.6, 0.23, 220, 16, 19],
};

// Cities submitted with their own row: villages, urban communities, townships (invented).
const CITY_PROFILE = {
  330200: [2170, 790, 156],
  330300: [3100, 700, 185],
  330400: [750, 440, 72],
  330500: [970, 330, 72],
  330600: [1900, 580, 103],
  330700: [2900, 520, 147],
  330800: [1480, 200, 104],
  330900: [240, 110, 36],
  331000: [2700, 500, 129],
};

// 2020 per-capita disposable income, urban / rural (yuan, invented in the range of published
// figures); rural incomes are then scaled by one factor so the province's ratio is the plan's 1.96.
const INCOME_2020 = {
  330102: [76500, 42500], 330105: [74800, 41200], 330106: [75200, 42800], 330108: [78600, 44000],
  330109: [70300, 43200], 330110: [72100, 42400], 330111: [62400, 38600], 330112: [61200, 37800],
  330113: [69800, 41900], 330114: [68300, 42100], 330122: [58700, 35400], 330127: [47900, 24800],
  330182: [56800, 31900],
  330200: [68000, 39100], 330300: [63500, 32400], 330400: [64100, 39800], 330500: [61700, 37200],
  330600: [66700, 38700], 330700: [61500, 30400], 330800: [48900, 26300], 330900: [64500, 39100],
  331000: [62600, 33300],
  331102: [53800, 25800], 331121: [49600, 24900], 331122: [47800, 24300], 331123: [45900, 22600],
  331124: [44700, 22100], 331125: [46500, 23600], 331126: [43800, 21300], 331127: [44100, 21500],
  331181: [46900, 23400],
};

// 2020 annual minimum living standard (yuan; 12 × a monthly amount; invented). The province's value
// is the lowest, 9600, as in the plan.
const MIN_LIVING_2020 = {
  330100: 12120, 330200: 11400, 330300: 10680, 330400: 11160, 330500: 10800, 330600: 10800,
  330700: 10200, 330800: 9600, 330900: 11040, 331000: 10320, 331100: 9720,
};

// ---------------------------------------------------------------------------------------------
// Divisions and the units that get a row.

function readDivisions() {
  const lines = readFileSync(join(ROOT, 'data/zhejiang-divisions.csv'), 'utf8').trim().split(/\r?\n/);
  const header = lines[0].split(',');
  return lines.slice(1).map((line) => Object.fromEntries(line.split(',').map((v, i) => [header[i], v])));
}

const divisions = readDivisions();
const nameOf = new Map(divisions.map((d) => [d.code, d.name]));
const countiesOf = (city) => divisions.filter((d) => d.level === 'county' && d.parent_code === city).map((d) => d.code);
const allCounties = divisions.filter((d) => d.level === 'county').map((d) => d.code);
const cityOf = (code) => `${code.slice(0, 4)}00`;

/** Integer shares of `total` in proportion to `weights`, summing exactly (largest remainder). */
function apportion(total, weights) {
  const sum = weights.reduce((a, b) => a + b, 0);
  if (sum === 0 || total === 0) return weights.map(() => 0);
  const raw = weights.map((w) => (total * w) / sum);
  const out = raw.map(Math.floor);
  let left = total - out.reduce((a, b) => a + b, 0);
  const order = raw.map((r, i) => [r - Math.floor(r), i]).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (let k = 0; left > 0; k++, left--) out[order[k % order.length][1]]++;
  return out;
}

/** Urban counts for units with the given populations and rates, scaled to sum exactly to `total`. */
function urbanSplit(populations, rates, total) {
  const population = populations.reduce((a, b) => a + b, 0);
  const rural = populations.reduce((a, p, i) => a + p * (1 - rates[i]), 0);
  const k = (population - total) / rural;
  const raw = populations.map((p, i) => Math.min(p, p * (1 - k * (1 - rates[i]))));
  return apportion(total, raw).map((x, i) => Math.min(x, populations[i]));
}

// ----- city totals for 2020 -----
const cityCodes = Object.keys(CENSUS);
const cityTotals = {};
{
  let urbanSum = 0;
  let elderlySum = 0;
  for (const c of cityCodes) {
    const census = CENSUS[c];
    const t = { resident: census.resident };
    if (c !== RESIDUAL_CITY) {
      t.urban = Math.round(census.resident * (census.urbanRate ?? INVENTED_URBAN_RATE[c]));
      t.elderly = census.elderly ?? Math.round(census.resident * INVENTED_ELDERLY_SHARE[c]);
      urbanSum += t.urban;
      elderlySum += t.elderly;
    }
    t.households = census.households ?? Math.round(census.resident / INVENTED_PERSONS_PER_HOUSEHOLD[c]);
    cityTotals[c] = t;
  }
  cityTotals[RESIDUAL_CITY].urban = PROVINCE.urban - urbanSum;
  cityTotals[RESIDUAL_CITY].elderly = PROVINCE.elderly - elderlySum;
}

// ----- units: one per submitted row-region -----
const units = [];
for (const city of cityCodes) {
  const totals = cityTotals[city];
  if (!BUILT_FROM_COUNTIES.includes(city)) {
    const [villages, communities, townships] = CITY_PROFILE[city];
    units.push({ code: city, city, isCounty: false, ...totals, villages, communities, townships, counties: countiesOf(city) });
    continue;
  }
  const counties = countiesOf(city);
  const profile = counties.map((c) => COUNTY_PROFILE[c]);
  const resident = apportion(totals.resident, profile.map((p) => p[0]));
  const urban = urbanSplit(resident, profile.map((p) => p[1]), totals.urban);
  const elderly = apportion(totals.elderly, profile.map((p, i) => resident[i] * p[2]));
  const households = apportion(totals.households, profile.map((p, i) => resident[i] * jitter(`hh-size|${counties[i]}`, 0.06)));
  counties.forEach((code, i) => {
    const [, , , villages, communities, townships] = profile[i];
    units.push({
      code, city, isCounty: true, counties: [code],
      resident: resident[i], urban: urban[i], elderly: elderly[i], households: households[i],
      villages, communities, townships,
    });
  });
}
units.sort((a, b) => a.code.localeCompare(b.code));

// ---------------------------------------------------------------------------------------------
// Population and structure over time.

function growthRate(unit) {
  const byCity = { 330100: 0.018, 330200: 0.01, 330300: 0.004, 330400: 0.008, 330500: 0.005, 330600: 0.005, 330700: 0.009, 330800: 0.001, 330900: 0.002, 331000: 0.003, 331100: 0.001 };
  const base = byCity[unit.city];
  return unit.isCounty ? base * jitter(`growth|${unit.code}`, 0.6) : base;
}

function demography(unit, year) {
  const t = year - 2020;
  if (t === 0) return { resident: unit.resident, urban: unit.urban, elderly: unit.elderly, households: unit.households };
  const resident = Math.round(unit.resident * (1 + growthRate(unit)) ** t);
  const urbanRate = Math.min(1, unit.urban / unit.resident + 0.0045 * t * (1 - unit.urban / unit.resident) / 0.3);
  const elderlyRate = unit.elderly / unit.resident + 0.0045 * t;
  return {
    resident,
    urban: Math.min(resident, Math.round(resident * urbanRate)),
    elderly: Math.round(resident * elderlyRate),
    households: Math.round(unit.households * (1 + growthRate(unit) + 0.004) ** t),
  };
}

const communitiesIn = (unit, year) => Math.round(unit.communities * 1.01 ** (year - 2020));

// ---------------------------------------------------------------------------------------------
// Ratio indicators: each unit starts near the plan's 2020 value (weighted so the province lands on
// it) and moves toward the target at its own pace; pace 1 = exactly the straight line to the target.

/**
 * spec: base (province 2020), target, pace (average, 1 = on the line), spread of the 2020 level,
 * spread of the pace, cap (100 for shares), years (years from 2020 to the target: 5, or 3 for 2023).
 */
function ratioLevels(name, spec, denominator2020) {
  const f = units.map((unit) => jitter(`level|${name}|${unit.code}`, spec.spread));
  const weights = units.map((unit) => denominator2020(unit));
  const norm = weights.reduce((a, w) => a + w, 0) / weights.reduce((a, w, i) => a + w * f[i], 0);
  const levels = new Map();
  units.forEach((unit, i) => {
    const start = Math.min(spec.cap ?? Infinity, spec.base * f[i] * norm);
    const pace = spec.pace * jitter(`pace|${name}|${unit.code}`, spec.paceSpread);
    levels.set(unit.code, (year) => {
      const t = (year - 2020) / (spec.years ?? 5);
      const value = start < spec.target ? start + (spec.target - start) * pace * t : start * (1 + 0.01 * (year - 2020));
      return Math.min(spec.cap ?? Infinity, value);
    });
  });
  return levels;
}

const RATIOS = {
  villages_income_500k: { base: 36, target: 60, pace: 1.05, spread: 0.35, paceSpread: 0.4, cap: 100, den: 'villages' },
  beautiful_villages: { base: 57, target: 100, pace: 0.98, spread: 0.3, paceSpread: 0.3, cap: 100, den: 'villages' },
  epidemic_free_units: { base: 40, target: 90, pace: 1.35, spread: 0.3, paceSpread: 0.3, cap: 100, den: 'all_communities' },
  community_commercial_area_m2: { base: 10, target: 12, pace: 0.9, spread: 0.2, paceSpread: 0.5, den: 'floor_area' },
  service_facility_area_m2: { base: 30, target: 40, pace: 0.95, spread: 0.25, paceSpread: 0.35, den: 'households' },
  hygienic_villages: { base: 50, target: 90, pace: 1.05, spread: 0.3, paceSpread: 0.3, cap: 100, den: 'villages' },
  childcare_slots: { base: 1.8, target: 4.5, pace: 1.1, spread: 0.3, paceSpread: 0.3, den: 'resident_1000' },
  community_workers: { base: 9.8, target: 18, pace: 0.88, spread: 0.25, paceSpread: 0.3, den: 'urban_10k' },
  social_organizations: { base: 11.2, target: 11.65, pace: 1.6, spread: 0.25, paceSpread: 0.5, den: 'resident_10k' },
  certified_social_workers: { base: 17, target: 20, pace: 1.1, spread: 0.3, paceSpread: 0.3, den: 'resident_10k' },
  certified_community_workers: { base: 25, target: 30, pace: 1.4, spread: 0.3, paceSpread: 0.3, cap: 100, den: 'community_workers' },
  certified_eldercare_nurses: { base: 16, target: 25, pace: 0.85, spread: 0.3, paceSpread: 0.3, den: 'elderly_10k' },
  general_practitioners: { base: 4, target: 5, pace: 1.05, spread: 0.2, paceSpread: 0.3, den: 'resident_10k' },
  elderly_social_workers: { base: 0.4, target: 1, pace: 1.0, spread: 0.4, paceSpread: 0.4, den: 'elderly_500' },
  special_needs_elderly_visited: { base: 85, target: 100, pace: 1.05, spread: 0.08, paceSpread: 0.3, cap: 100, den: 'special_needs_elderly' },
  villages_waste_sorting: { base: 85, target: 100, pace: 1.0, spread: 0.08, paceSpread: 0.3, cap: 100, den: 'villages' },
  villages_sewage_treated: { base: 80, target: 100, pace: 0.9, spread: 0.1, paceSpread: 0.3, cap: 100, den: 'villages' },
  villages_sanitary_toilets: { base: 98, target: 100, pace: 1.1, spread: 0.02, paceSpread: 0.3, cap: 100, den: 'villages' },
  villages_with_service_facility: { base: 96, target: 100, pace: 1.1, spread: 0.04, paceSpread: 0.3, cap: 100, den: 'villages' },
  reservoir_communities_with_facility: { base: 90, target: 100, pace: 1.0, spread: 0.08, paceSpread: 0.3, cap: 100, den: 'reservoir' },
  reservoir_communities_facility_standard: { base: 70, target: 100, pace: 0.95, spread: 0.15, paceSpread: 0.3, cap: 100, den: 'reservoir' },
  communities_with_meal_service: { base: 35, target: 80, pace: 1.05, spread: 0.35, paceSpread: 0.35, cap: 100, den: 'all_communities' },
  townships_with_childcare: { base: 40, target: 100, pace: 0.95, spread: 0.35, paceSpread: 0.3, cap: 100, den: 'townships' },
  children_in_difficulty_visited: { base: 95, target: 100, pace: 1.2, spread: 0.04, paceSpread: 0.3, cap: 100, den: 'children_in_difficulty' },
  assistance_one_thing_cases_joint: { base: 60, target: 100, pace: 1.1, spread: 0.25, paceSpread: 0.3, cap: 100, den: 'assistance_cases' },
  assisted_families_cared: { base: 80, target: 100, pace: 1.1, spread: 0.15, paceSpread: 0.3, cap: 100, den: 'assisted_families' },
  key_groups_signed: { base: 73, target: 80, pace: 1.3, spread: 0.1, paceSpread: 0.4, cap: 100, den: 'key_groups' },
  owners_committees_party_org_built: { base: 40, target: 100, pace: 0.95, spread: 0.3, paceSpread: 0.3, cap: 100, years: 3, den: 'owners_committees' },
  property_companies_party_org_built: { base: 50, target: 100, pace: 1.05, spread: 0.25, paceSpread: 0.3, cap: 100, years: 3, den: 'property_companies' },
  owners_committee_party_members: { base: 30, target: 50, pace: 1.0, spread: 0.25, paceSpread: 0.3, cap: 100, years: 3, den: 'owners_committee_members' },
  villages_with_self_service_terminal: { base: 30, target: 100, pace: 1.0, spread: 0.4, paceSpread: 0.3, cap: 100, den: 'villages' },
  communities_with_volunteer_station: { base: 70, target: 100, pace: 1.1, spread: 0.2, paceSpread: 0.3, cap: 100, den: 'all_communities' },
};

// Denominators (the counts a ratio is taken over), per unit and year, with the ratio's scale.
function denominators(unit, year) {
  const d = demography(unit, year);
  const t = year - 2020;
  const communities = communitiesIn(unit, year);
  const all = unit.villages + communities;
  const floorArea = Math.round(d.resident * 36 * jitter(`floor|${unit.code}`, 0.15) * 1.015 ** t);
  return {
    d,
    communities,
    villages: [unit.villages, 100],
    all_communities: [all, 100],
    floor_area: [floorArea, 100],
    households: [d.households, 100],
    resident_1000: [d.resident, 1000],
    resident_10k: [d.resident, 10000],
    urban_10k: [d.urban, 10000],
    elderly_10k: [d.elderly, 10000],
    elderly_500: [d.elderly, 500],
    townships: [unit.townships, 100],
    special_needs_elderly: [Math.round(d.elderly * 0.032 * jitter(`sne|${unit.code}`, 0.25)), 100],
    reservoir: [unit.villages === 0 ? 0 : Math.max(1, Math.round((unit.villages + communities) * 0.012 * jitter(`res|${unit.code}`, 0.5))), 100],
    children_in_difficulty: [Math.round(d.resident * 0.00055 * jitter(`cid|${unit.code}`, 0.3) * 0.98 ** t), 100],
    assistance_cases: [Math.round(d.resident * 0.004 * jitter(`cases|${unit.code}`, 0.3) * 1.03 ** t), 100],
    assisted_families: [Math.round(d.households * 0.012 * jitter(`fam|${unit.code}`, 0.3) * 0.99 ** t), 100],
    key_groups: [Math.round(d.resident * 0.34 * jitter(`key|${unit.code}`, 0.1) * 1.01 ** t), 100],
    owners_committees: [Math.round(communities * 0.9 * jitter(`oc|${unit.code}`, 0.3)), 100],
    property_companies: [Math.round(communities * 0.7 * jitter(`pc|${unit.code}`, 0.3)), 100],
    owners_committee_members: [Math.round(communities * 1.5 * 7 * jitter(`ocm|${unit.code}`, 0.2)), 100],
  };
}

// community_workers is both a numerator (17) and a denominator (20): computed first.
const ratioLevelByField = {};
for (const [field, spec] of Object.entries(RATIOS)) {
  ratioLevelByField[field] = ratioLevels(field, spec, (unit) => {
    const dens = denominators(unit, 2020);
    if (spec.den === 'community_workers') return communityWorkersCount(unit, 2020);
    return dens[spec.den][0];
  });
}

function communityWorkersCount(unit, year) {
  const dens = denominators(unit, year);
  const level = ratioLevelByField.community_workers.get(unit.code); // defined before any share of it
  return Math.round((level(year) * dens.urban_10k[0]) / dens.urban_10k[1]);
}

function ratioCount(field, unit, year) {
  const spec = RATIOS[field];
  const dens = denominators(unit, year);
  const [den, scale] = spec.den === 'community_workers' ? [communityWorkersCount(unit, year), 100] : dens[spec.den];
  const value = (ratioLevelByField[field].get(unit.code)(year) * den) / scale;
  const rounded = Math.max(0, Math.round(value));
  return spec.cap === 100 ? Math.min(den, rounded) : rounded;
}

// ---------------------------------------------------------------------------------------------
// Province-wide counts: the province's total per year, shared among units by fixed weights.

const COUNTS = {
  future_communities: { totals: [62, 198, 330], weight: (u, d) => d.urban },
  future_villages: { totals: [0, 120, 720], weight: (u) => u.villages },
  leading_rural_communities: { totals: [1067, 1800, 2520], weight: (u) => u.villages },
  barrier_free_communities: { totals: [331, 560, 820], weight: (u, d) => d.urban },
  old_compounds_renovated: { totals: [620, 1680, 2790], weight: (u, d) => d.urban },
  residents_living_rooms: { totals: [35, 210, 430], weight: (u, d) => d.resident },
  urban_consultation_pilots: { totals: [0, 30, 50], weight: (u) => u.communities },
  village_consultation_pilots: { totals: [0, 24, 44], weight: (u) => u.villages },
  community_service_complexes: { totals: [120, 430, 790], weight: (u, d) => d.urban },
  boutique_beautiful_villages: { totals: [2900, 6100, 8900], weight: (u) => u.villages },
  childcare_friendly_communities: { totals: [0, 2600, 6900], weight: (u) => u.villages + u.communities },
  learning_communities: { totals: [22, 55, 88], weight: (u, d) => d.resident },
  community_leading_talents: { totals: [0, 140, 300], weight: (u) => u.villages + u.communities },
  smart_communities: { totals: [150, 620, 1480], weight: (u, d) => (u.city === '330900' ? 0 : u.city === '331100' ? 0.5 : 1) * d.urban },
  zero_employment_households: { totals: [380, 120, 25], weight: (u, d) => d.households },
};

const countCache = new Map();
function provinceCount(field, unit, year) {
  const key = `${field}|${year}`;
  if (!countCache.has(key)) {
    const spec = COUNTS[field];
    const yearIndex = YEARS.indexOf(year);
    let weights = units.map((unit) => spec.weight(unit, demography(unit, 2020)) * jitter(`share|${field}|${unit.code}`, 0.4));
    if (field === 'smart_communities' && year === 2020) {
      // Smart communities started in a few cities (杭州, 温州, 衢州 are named by the plan as models).
      weights = weights.map((w, i) => (['330100', '330300', '330800', '330200', '330600'].includes(units[i].city) ? w : 0));
    }
    if (field === 'zero_employment_households' && year === 2024) {
      // By 2024 only a handful of areas still have any.
      weights = weights.map((w, i) => (['330300', '330800', '331000', '331124', '331127'].includes(units[i].code) ? w : 0));
    }
    const shares = apportion(spec.totals[yearIndex], weights);
    countCache.set(key, new Map(units.map((unit, i) => [unit.code, shares[i]])));
  }
  return countCache.get(key).get(unit.code);
}

// County flags: which counties qualify, nested over the years.
const SMART_COUNTIES = {
  2020: [],
  2022: ['330106', '330212', '330302', '330602', '330802'],
  2024: ['330106', '330212', '330302', '330602', '330802', '330108', '330110', '330303', '330402', '330502', '330782', '331002', '331102'],
};
const consortiumOrder = [...allCounties].sort((a, b) => u(`consortium|${a}`) - u(`consortium|${b}`));
const CONSORTIUM_COUNTIES = { 2020: consortiumOrder.slice(0, 10), 2022: consortiumOrder.slice(0, 46), 2024: consortiumOrder.slice(0, 82) };
const flagCount = (sets, unit, year) => unit.counties.filter((c) => sets[year].includes(c)).length;

// ---------------------------------------------------------------------------------------------
// One row per unit and year.

function income(unit, year, ruralScale) {
  const [urban0, rural0] = INCOME_2020[unit.code];
  const t = year - 2020;
  const urban = Math.round(urban0 * (1.055 * jitter(`ui|${unit.code}`, 0.005)) ** t);
  const rural = Math.round(rural0 * ruralScale * (1.07 * jitter(`ri|${unit.code}`, 0.005)) ** t);
  return { urban, rural };
}

/** Scale on rural incomes that puts the province's 2020 ratio at the plan's 1.96. */
function ruralScaleFor(target) {
  let uw = 0, uSum = 0, rw = 0, rSum = 0;
  for (const unit of units) {
    const { urban, rural } = income(unit, 2020, 1);
    uw += unit.urban * urban;
    uSum += unit.urban;
    rw += (unit.resident - unit.urban) * rural;
    rSum += unit.resident - unit.urban;
  }
  return uw / uSum / (rw / rSum) / target;
}
const RURAL_SCALE = ruralScaleFor(1.96);

function minLiving(unit, year) {
  const base = MIN_LIVING_2020[unit.city] + (unit.isCounty ? 120 * Math.floor(3 * u(`ml|${unit.code}`)) : 0);
  const growth = 1.072 + 0.014 * u(`mlg|${unit.city}`);
  return 12 * Math.round((base * growth ** (year - 2020)) / 12);
}

function row(unit, year) {
  const dens = denominators(unit, year);
  const d = dens.d;
  const { urban, rural } = income(unit, year, RURAL_SCALE);
  const r = (field) => ratioCount(field, unit, year);
  const c = (field) => provinceCount(field, unit, year);
  const workers = communityWorkersCount(unit, year);
  const smartCounties = flagCount(SMART_COUNTIES, unit, year);
  const reservoir = dens.reservoir[0];
  const withFacility = r('reservoir_communities_with_facility');
  const values = {
    resident_population: d.resident,
    urban_population: d.urban,
    elderly_population: d.elderly,
    households: d.households,
    urban_income_per_capita: urban,
    rural_income_per_capita: rural,
    administrative_villages: unit.villages,
    urban_communities: dens.communities,
    villages_income_500k: r('villages_income_500k'),
    min_living_standard: minLiving(unit, year),
    future_communities: c('future_communities'),
    future_villages: c('future_villages'),
    beautiful_villages: r('beautiful_villages'),
    leading_rural_communities: c('leading_rural_communities'),
    barrier_free_communities: c('barrier_free_communities'),
    epidemic_free_units: r('epidemic_free_units'),
    old_compounds_renovated: c('old_compounds_renovated'),
    smart_community_county: smartCounties,
    residents_living_rooms: c('residents_living_rooms'),
    community_commercial_area_m2: r('community_commercial_area_m2'),
    community_floor_area_m2: dens.floor_area[0],
    service_facility_area_m2: r('service_facility_area_m2'),
    hygienic_villages: r('hygienic_villages'),
    childcare_slots: r('childcare_slots'),
    community_workers: workers,
    certified_community_workers: Math.min(workers, r('certified_community_workers')),
    social_organizations: r('social_organizations'),
    certified_social_workers: r('certified_social_workers'),
    // 舟山 does not report its certified elderly-care nurses for 2024 (shows "10 of 11" for the province).
    certified_eldercare_nurses: unit.code === '330900' && year === 2024 ? null : r('certified_eldercare_nurses'),
    general_practitioners: r('general_practitioners'),
    elderly_social_workers: r('elderly_social_workers'),
    special_needs_elderly: dens.special_needs_elderly[0],
    special_needs_elderly_visited: r('special_needs_elderly_visited'),
    urban_consultation_pilots: Math.min(dens.communities, c('urban_consultation_pilots')),
    village_consultation_pilots: Math.min(unit.villages, c('village_consultation_pilots')),
    villages_waste_sorting: r('villages_waste_sorting'),
    villages_sewage_treated: r('villages_sewage_treated'),
    villages_sanitary_toilets: r('villages_sanitary_toilets'),
    community_service_complexes: c('community_service_complexes'),
    villages_with_service_facility: r('villages_with_service_facility'),
    reservoir_resettlement_communities: reservoir,
    reservoir_communities_with_facility: withFacility,
    reservoir_communities_facility_standard: Math.min(withFacility, r('reservoir_communities_facility_standard')),
    boutique_beautiful_villages: Math.min(unit.villages, c('boutique_beautiful_villages')),
    communities_with_meal_service: r('communities_with_meal_service'),
    eldercare_consortium_county: flagCount(CONSORTIUM_COUNTIES, unit, year),
    townships: unit.townships,
    townships_with_childcare: r('townships_with_childcare'),
    zero_employment_households: c('zero_employment_households'),
    childcare_friendly_communities: c('childcare_friendly_communities'),
    children_in_difficulty: dens.children_in_difficulty[0],
    children_in_difficulty_visited: r('children_in_difficulty_visited'),
    assistance_one_thing_cases: dens.assistance_cases[0],
    assistance_one_thing_cases_joint: r('assistance_one_thing_cases_joint'),
    assisted_families: dens.assisted_families[0],
    assisted_families_cared: r('assisted_families_cared'),
    key_groups_population: dens.key_groups[0],
    key_groups_signed: r('key_groups_signed'),
    learning_communities: c('learning_communities'),
    owners_committees_party_org_required: dens.owners_committees[0],
    owners_committees_party_org_built: r('owners_committees_party_org_built'),
    property_companies_party_org_required: dens.property_companies[0],
    property_companies_party_org_built: r('property_companies_party_org_built'),
    owners_committee_members: dens.owners_committee_members[0],
    owners_committee_party_members: r('owners_committee_party_members'),
    smart_communities: Math.max(smartCounties, c('smart_communities')),
    villages_with_self_service_terminal: r('villages_with_self_service_terminal'),
    community_leading_talents: c('community_leading_talents'),
    communities_with_volunteer_station: r('communities_with_volunteer_station'),
  };
  return { code: unit.code, name: nameOf.get(unit.code), year, values };
}

// ---------------------------------------------------------------------------------------------
// Output: wide CSV, UTF-8, header of ids, blank = not reported.

function readInputIds() {
  // The column order is the plan's input order (read from the bundled YAML, ids only).
  const text = readFileSync(join(ROOT, 'data/zhejiang-community-services-2021-2025.yaml'), 'utf8');
  const section = text.slice(text.indexOf('\ninputs:'), text.indexOf('\nrules:'));
  return [...section.matchAll(/^  - id: ([a-z0-9_]+)$/gm)].map((m) => m[1]);
}

function toCsv(rows, ids) {
  const header = ['region_code', 'region_name', 'year', ...ids].join(',');
  const lines = rows.map((r) => {
    for (const id of Object.keys(r.values)) if (!ids.includes(id)) throw new Error(`generator field '${id}' is not a plan input`);
    const cells = ids.map((id) => {
      const v = r.values[id];
      if (v === undefined) throw new Error(`no value for '${id}'`);
      if (v === null) return '';
      if (!Number.isInteger(v) || v < 0) throw new Error(`${r.code} ${r.year} ${id}: ${v}`);
      return String(v);
    });
    return [r.code, r.name, r.year, ...cells].join(',');
  });
  return `${[header, ...lines].join('\n')}\n`;
}

const ids = readInputIds();
const rows = YEARS.flatMap((year) => units.map((unit) => row(unit, year)));
const cityRows = rows.filter((r) => !units.find((x) => x.code === r.code).isCounty);
const countyRows = rows.filter((r) => units.find((x) => x.code === r.code).isCounty);

mkdirSync(OUT_DIR, { recursive: true });
writeFileSync(join(OUT_DIR, 'zhejiang-cities.csv'), toCsv(cityRows, ids));
writeFileSync(join(OUT_DIR, 'zhejiang-counties.csv'), toCsv(countyRows, ids));
process.stdout.write(`wrote ${cityRows.length} city rows and ${countyRows.length} county rows (${ids.length} input columns) to ${OUT_DIR}\n`);
