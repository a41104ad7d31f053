import { describe, expect, it } from "vitest";
import { extract } from "../src/index.js";

const page = (head: string) =>
  `<!doctype html><html><head><title>Equipe registra arrombamento</title>${head}</head><body>
  <div class="noticia"><h1>Equipe registra arrombamento</h1>
  <small class="text-muted"><b>05/10/2018</b> - Publicado por: Ana Souza</small>
  <p>A equipe do serviço encontrou dois veículos arrombados.</p></div></body></html>`;
const url = "https://cidade.example/noticias/arrombamento";

describe("datePublished: which way round a slashed date is read", () => {
  it("reads day first when the language comes from the Content-Language meta", () => {
    const html = page(`<meta http-equiv="content-language" content="pt_BR">`);
    expect(extract(html, { url }).datePublished).toBe("2018-10-05");
  });

  it("reads day first from og:locale, month first for US English", () => {
    expect(
      extract(page(`<meta property="og:locale" content="pt_BR">`), { url }).datePublished,
    ).toBe("2018-10-05");
    expect(
      extract(page(`<meta property="og:locale" content="en_US">`), { url }).datePublished,
    ).toBe("2018-05-10");
  });
});
