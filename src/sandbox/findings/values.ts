/**
 * Small value generators every finding family shares: ids, hashes, addresses, DNS names and
 * times, all drawn from the caller's seeded generator so a world replays from its seed.
 */

import type { Rng } from "../random.js";

export type Json = Record<string, unknown>;
export type Tag = { key: string; value: string };

const UPPER_ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

export function upperAlnum(rng: Rng, length: number): string {
  let out = "";
  for (let i = 0; i < length; i++) out += UPPER_ALNUM[Math.floor(rng.next() * 32)];
  return out;
}

const HEX_CODES = [..."0123456789abcdef"].map((digit) => digit.charCodeAt(0));

/**
 * `length` lowercase hex characters, eight per draw. Built with one `fromCharCode` rather than
 * character by character: appending makes a chain of cons strings, and a world retains a few
 * hundred thousand ids and hashes, which then dominated its memory and garbage-collection time.
 */
export function hexId(rng: Rng, length: number): string {
  const codes = new Array<number>(length);
  for (let at = 0; at < length; at += 8) {
    const word = (rng.next() * 0x100000000) >>> 0;
    for (let digit = 0; digit < 8 && at + digit < length; digit++) {
      codes[at + digit] = HEX_CODES[(word >>> (28 - 4 * digit)) & 0xf] ?? 48;
    }
  }
  return String.fromCharCode(...codes);
}

/**
 * Resource details that many findings share (one instance, one bucket...) are built once per
 * inventory and frozen: a world holds tens of thousands of findings, and rebuilding the same
 * nested objects for each dominated its build time and garbage collection. Only `service`
 * members (archived, userFeedback) ever change after creation, and those are never shared.
 */
export function deepFreeze<T>(value: T): T {
  if (value && typeof value === "object" && !Object.isFrozen(value)) {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}

/**
 * Joins `parts` into one flat string. Template literals and `+` build cons-string trees that a
 * retained string keeps alive; for the strings every finding stores (ids, ARNs, timestamps,
 * titles) joining keeps the world's heap and garbage-collection time down.
 */
export function flat(...parts: string[]): string {
  return parts.join("");
}

export function awsId(rng: Rng, prefix: string): string {
  return flat(prefix, "-", hexId(rng, 17));
}

export function uuid(rng: Rng): string {
  const h = hexId(rng, 32);
  return flat(
    h.slice(0, 8),
    "-",
    h.slice(8, 12),
    "-4",
    h.slice(13, 16),
    "-a",
    h.slice(17, 20),
    "-",
    h.slice(20),
  );
}

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

const dayPrefixes = new Map<number, string>();
const DAY_PREFIX_CACHE_LIMIT = 4096;

function pad(value: number, width: number): string {
  return String(value).padStart(width, "0");
}

/**
 * `Date#toISOString` (`2026-10-03T11:22:33.456Z`), with the date part cached per day: a world
 * formats four timestamps per finding and toISOString was a visible share of building one.
 */
export function isoAt(ms: number): string {
  const day = Math.floor(ms / DAY);
  let prefix = dayPrefixes.get(day);
  if (prefix === undefined) {
    if (dayPrefixes.size >= DAY_PREFIX_CACHE_LIMIT) dayPrefixes.clear();
    prefix = new Date(day * DAY).toISOString().slice(0, 11);
    dayPrefixes.set(day, prefix);
  }
  const inDay = ms - day * DAY;
  const hours = Math.floor(inDay / HOUR);
  const minutes = Math.floor((inDay % HOUR) / MINUTE);
  const seconds = Math.floor((inDay % MINUTE) / 1000);
  return flat(
    prefix,
    pad(hours, 2),
    ":",
    pad(minutes, 2),
    ":",
    pad(seconds, 2),
    ".",
    pad(inDay % 1000, 3),
    "Z",
  );
}

export function epochSeconds(ms: number): number {
  return Math.floor(ms / 1000);
}

/** 32-bit FNV-1a: turns a text key (an account and region, a world part) into a seed. */
export function hashSeed(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

export function privateIp(rng: Rng): string {
  return rng.chance(0.5)
    ? `10.0.${rng.int(0, 255)}.${rng.int(4, 254)}`
    : `172.31.${rng.int(0, 255)}.${rng.int(4, 254)}`;
}

/** Documentation ranges (RFC 5737): realistic-looking but never a real party's address. */
const PUBLIC_PREFIXES = ["198.51.100", "203.0.113", "192.0.2"] as const;

export function publicIp(rng: Rng): string {
  return `${rng.pick(PUBLIC_PREFIXES)}.${rng.int(1, 254)}`;
}

/** The IPv6 documentation prefix (RFC 3849), for the same reason. */
export function publicIpv6(rng: Rng): string {
  return `2001:db8:${hexId(rng, 4)}:${hexId(rng, 4)}::${hexId(rng, 4)}`;
}

/** A VPC's IPv6 address: Amazon-provided VPC blocks come from 2600:1f00::/24. */
export function vpcIpv6(rng: Rng): string {
  return `2600:1f18:${hexId(rng, 4)}:${hexId(rng, 4)}::${hexId(rng, 4)}`;
}

export function privateDnsName(ip: string, region: string): string {
  const host = `ip-${ip.replaceAll(".", "-")}`;
  return region === "us-east-1" ? `${host}.ec2.internal` : `${host}.${region}.compute.internal`;
}

export function publicDnsName(ip: string, region: string): string {
  const host = `ec2-${ip.replaceAll(".", "-")}`;
  return region === "us-east-1"
    ? `${host}.compute-1.amazonaws.com`
    : `${host}.${region}.compute.amazonaws.com`;
}
