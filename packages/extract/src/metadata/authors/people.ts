/** The Person and Organization values every author rule returns. */
import type { Organization, Person } from "@vellum/model";

export function person(name: string, extra: Partial<Omit<Person, "type" | "name">> = {}): Person {
  return {
    type: "Person",
    name,
    url: extra.url ?? null,
    description: extra.description ?? null,
    image: extra.image ?? null,
    jobTitle: extra.jobTitle ?? null,
    sameAs: extra.sameAs ?? [],
  };
}

export function organization(name: string, url: string | null = null): Organization {
  return { type: "Organization", name, url, logo: null, sameAs: [] };
}
