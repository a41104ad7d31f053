import { describe, expect, it } from "vitest";
import * as cli from "../src/index.js";

describe("@vellum/cli public exports", () => {
  it("are exactly these names", () => {
    expect(Object.keys(cli).sort()).toEqual(["ExitCode", "main"]);
  });
});
