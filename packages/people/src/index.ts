export type { PeopleOptions } from "./people.js";
export { articlePeople, findPeople, paragraphsOf } from "./people.js";
