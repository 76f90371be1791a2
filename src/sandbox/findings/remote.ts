/** Remote parties: public addresses with their geolocation and network owner. */

import type { Rng } from "../random.js";
import type { Scene } from "./scene.js";
import { deepFreeze, type Json, publicIp, publicIpv6 } from "./values.js";

interface Geo {
  /** Frozen `city`, `country`, `geoLocation` and `organization` members, shared by every finding. */
  shared: Json;
  city: string;
  countryCode: string;
  countryName: string;
  lat: number;
  lon: number;
  asn: string;
  asnOrg: string;
  isp: string;
  org: string;
}

export const GEOS: readonly Geo[] = [
  geo("Amsterdam", "NL", "Netherlands", 52.374, 4.8897, "60781", "LeaseWeb Netherlands B.V."),
  geo("Frankfurt am Main", "DE", "Germany", 50.1155, 8.6842, "24940", "Hetzner Online GmbH"),
  geo("Moscow", "RU", "Russia", 55.7527, 37.6172, "49505", "Selectel"),
  geo("Sao Paulo", "BR", "Brazil", -23.5335, -46.6359, "28573", "Claro NXT Telecomunicacoes"),
  geo("Singapore", "SG", "Singapore", 1.2929, 103.8547, "14061", "DigitalOcean, LLC"),
  geo("Ashburn", "US", "United States", 39.0469, -77.4903, "14618", "Amazon.com, Inc."),
  geo("Los Angeles", "US", "United States", 34.0544, -118.244, "20473", "The Constant Company"),
  geo("Beijing", "CN", "China", 39.9075, 116.3972, "4808", "China Unicom Beijing"),
  geo("Bucharest", "RO", "Romania", 44.4323, 26.1063, "9009", "M247 Europe SRL"),
  geo("Seoul", "KR", "South Korea", 37.566, 126.9784, "4766", "Korea Telecom"),
  geo("Kyiv", "UA", "Ukraine", 50.4547, 30.5238, "15497", "Colocall Ltd."),
  geo("Lagos", "NG", "Nigeria", 6.4541, 3.3947, "37148", "Globacom Limited"),
];

function geo(
  city: string,
  countryCode: string,
  countryName: string,
  lat: number,
  lon: number,
  asn: string,
  asnOrg: string,
): Geo {
  const shared = deepFreeze({
    city: { cityName: city },
    country: { countryCode, countryName },
    geoLocation: { lat, lon },
    organization: { asn, asnOrg, isp: asnOrg, org: asnOrg },
  });
  return {
    shared,
    city,
    countryCode,
    countryName,
    lat,
    lon,
    asn,
    asnOrg,
    isp: asnOrg,
    org: asnOrg,
  };
}

export interface Remote {
  ip: string;
  /** IPv6 parties are reported in `ipAddressV6` only, and talk to the host's IPv6 address. */
  ipv6: boolean;
  geo: Geo;
  /** The frozen `remoteIpDetails` of this address. */
  details: Json;
}

/** About one remote party in five connects over IPv6. */
const IPV6_SHARE = 0.2;

export function makeRemote(rng: Rng): Remote {
  const ipv6 = rng.chance(IPV6_SHARE);
  const ip = ipv6 ? publicIpv6(rng) : publicIp(rng);
  const geo = rng.pick(GEOS);
  return { ip, ipv6, geo, details: deepFreeze(buildRemoteIpDetails(ip, ipv6, geo)) };
}

/**
 * The remote party of GuardDuty's sample findings: a documentation address and
 * "GeneratedFinding…" placeholders instead of a place and a network owner.
 */
export function sampleRemote(): Remote {
  const geo = SAMPLE_GEO;
  const ip = "198.51.100.0";
  return { ip, ipv6: false, geo, details: deepFreeze(buildRemoteIpDetails(ip, false, geo)) };
}

const SAMPLE_GEO: Geo = {
  shared: deepFreeze({
    city: { cityName: "GeneratedFindingCityName" },
    country: { countryName: "GeneratedFindingCountryName" },
    geoLocation: { lat: 0, lon: 0 },
    organization: {
      asn: "-1",
      asnOrg: "GeneratedFindingASNOrg",
      isp: "GeneratedFindingISP",
      org: "GeneratedFindingORG",
    },
  }),
  city: "GeneratedFindingCityName",
  countryCode: "",
  countryName: "GeneratedFindingCountryName",
  lat: 0,
  lon: 0,
  asn: "-1",
  asnOrg: "GeneratedFindingASNOrg",
  isp: "GeneratedFindingISP",
  org: "GeneratedFindingORG",
};

/** A remote party from the account's inventory: the same attackers come back again and again. */
export function remote(scene: Scene): Remote {
  return scene.rng.pick(scene.inventory.remotes);
}

export function remoteIpDetails(peer: Remote): Json {
  return peer.details;
}

function buildRemoteIpDetails(ip: string, ipv6: boolean, g: Geo): Json {
  const shared = g.shared;
  return {
    city: shared.city,
    country: shared.country,
    geoLocation: shared.geoLocation,
    ...(ipv6 ? { ipAddressV6: ip } : { ipAddressV4: ip }),
    organization: shared.organization,
  };
}
