import { describe, expect, it } from "vitest";
import { extract } from "../src/index.js";

const page = (head: string) =>
  `<!doctype html><html><head><title>Feira de trocas volta à praça</title>${head}</head><body>
  <div class="materia"><h1>Feira de trocas volta à praça</h1>
  <span class="info-linha"><b>07/11/2016</b> · Texto de Rita Lobo</span>
  <p>A feira de trocas volta a ocupar a praça central aos sábados.</p></div></body></html>`;
const url = "https://bairro.example/agenda/feira-de-trocas";

describe("datePublished: which way round a slashed date is read", () => {
  it("reads day first when the language comes from the Content-Language meta", () => {
    const html = page(`<meta http-equiv="content-language" content="pt_BR">`);
    expect(extract(html, { url }).datePublished).toBe("2016-11-07");
  });

  it("reads day first from og:locale, month first for US English", () => {
    expect(
      extract(page(`<meta property="og:locale" content="pt_BR">`), { url }).datePublished,
    ).toBe("2016-11-07");
    expect(
      extract(page(`<meta property="og:locale" content="en_US">`), { url }).datePublished,
    ).toBe("2016-07-11");
  });
});
