/**
 * Messages people read, by stable code. Chinese is the language of every answer; English on request
 * (`Accept-Language: en`). Each domain declares the codes it raises, with their Chinese text, in its own
 * `*.messages.ts`; `src/error-catalogue.ts` puts them together and the error mapper renders them.
 *
 * A text is a string or a function of the error's parameters (when the thrower gave them). The English text
 * defaults to the message the code was thrown with.
 */
export type Lang = 'zh' | 'en';
export type MessageParams = Record<string, unknown>;
type Text = string | ((params: MessageParams) => string);
export interface MessageText {
  zh: Text;
  en?: Text;
}
export type MessageCatalogue = Record<string, MessageText>;

const CJK = /[\u3400-\u9fff]/;
/** three English words in a row: an English sentence, whatever names it quotes */
const ENGLISH_WORDS = /[A-Za-z]{2,}(?:[\s,]+[A-Za-z]{2,}){2,}/;

/**
 * True when a text is already written in Chinese (it is then shown as it is): it has Chinese characters and no
 * English sentence in it. "Idempotency-Key 应为 1–128 个可打印 ASCII 字符" is Chinese; "Voucher V1 was already
 * recorded (阳光托育)" is not.
 */
export const isChinese = (text: string): boolean => CJK.test(text) && !ENGLISH_WORDS.test(text);

/**
 * The language an `Accept-Language` header asks for: English only when English is preferred over Chinese
 * (by order or q-value); Chinese otherwise, and when the header is absent.
 */
export function languageOf(header: string | string[] | undefined): Lang {
  const value = Array.isArray(header) ? header.join(',') : (header ?? '');
  let best: { lang: Lang; q: number } | null = null;
  for (const part of value.split(',')) {
    const [tag, ...rest] = part.trim().toLowerCase().split(';');
    const q = Number(
      rest
        .find((r) => r.trim().startsWith('q='))
        ?.trim()
        .slice(2) ?? 1,
    );
    const lang: Lang | null = tag.startsWith('zh') ? 'zh' : tag.startsWith('en') ? 'en' : null;
    if (lang && Number.isFinite(q) && q > 0 && (!best || q > best.q)) best = { lang, q };
  }
  return best?.lang ?? 'zh';
}

export function renderText(text: Text, params: MessageParams): string {
  return typeof text === 'function' ? text(params) : text;
}

/** Declares a domain's catalogue, keeping its literal codes as the key type. */
export function defineMessages<const T extends MessageCatalogue>(catalogue: T): T {
  return catalogue;
}
