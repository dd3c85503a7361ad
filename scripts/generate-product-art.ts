// Draws one flat SVG illustration per demo product into public/products/<slug>.svg:
// the product's colours, a simple shape for its category, and its brand and model.
// The pictures ship with the app (no network at run time); re-run after editing demo-data.ts:
//   npx tsx scripts/generate-product-art.ts
import { createHash } from "node:crypto";
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { DEMO_PRODUCTS, demoProductSlug, type ArtCategory, type DemoProduct } from "@/scripts/demo-data";

const WIDTH = 800;
const HEIGHT = 600;

interface Colours {
  body: string;
  accent: string;
  /** A darker shade of the body for outlines, bases and straps. */
  shade: string;
}

type Draw = (c: Colours) => string;

const shapes: Record<ArtCategory, Draw> = {
  headphones: ({ body, accent, shade }) => `
    <path d="M268 318 V290 A132 132 0 0 1 532 290 V318" fill="none" stroke="${body}" stroke-width="26" stroke-linecap="round"/>
    <rect x="236" y="272" width="70" height="124" rx="30" fill="${body}"/>
    <rect x="288" y="288" width="26" height="92" rx="12" fill="${accent}"/>
    <rect x="494" y="272" width="70" height="124" rx="30" fill="${body}"/>
    <rect x="486" y="288" width="26" height="92" rx="12" fill="${accent}"/>
    <rect x="254" y="300" width="12" height="60" rx="6" fill="${shade}" opacity="0.5"/>`,
  speaker: ({ body, accent, shade }) => `
    <rect x="298" y="120" width="204" height="280" rx="34" fill="${body}"/>
    <circle cx="400" cy="190" r="30" fill="${shade}"/>
    <circle cx="400" cy="190" r="12" fill="${accent}"/>
    <circle cx="400" cy="305" r="66" fill="${shade}"/>
    <circle cx="400" cy="305" r="44" fill="${accent}"/>
    <circle cx="400" cy="305" r="14" fill="${shade}"/>`,
  sneaker: ({ body, accent, shade }) => `
    <rect x="206" y="348" width="392" height="38" rx="19" fill="${accent}"/>
    <rect x="206" y="372" width="392" height="14" rx="7" fill="${shade}" opacity="0.35"/>
    <path d="M222 352 C218 296 236 246 292 236 L352 230 C372 268 416 292 470 302 C548 316 596 326 596 352 Z" fill="${body}"/>
    <path d="M300 330 C360 300 430 300 520 326" fill="none" stroke="${accent}" stroke-width="14" stroke-linecap="round"/>
    <path d="M360 246 L380 262 M378 238 L398 256 M396 232 L416 250" stroke="${shade}" stroke-width="7" stroke-linecap="round"/>
    <path d="M228 300 C236 268 252 250 276 244" fill="none" stroke="${shade}" stroke-width="8" stroke-linecap="round" opacity="0.5"/>`,
  kettle: ({ body, accent, shade }) => `
    <path d="M484 240 C566 240 566 372 496 372" fill="none" stroke="${shade}" stroke-width="20" stroke-linecap="round"/>
    <path d="M318 286 L246 246 L254 234 L326 262 Z" fill="${body}"/>
    <path d="M296 392 L318 222 Q400 198 482 222 L504 392 Z" fill="${body}"/>
    <ellipse cx="400" cy="214" rx="72" ry="14" fill="${shade}"/>
    <rect x="386" y="188" width="28" height="18" rx="8" fill="${accent}"/>
    <rect x="286" y="384" width="228" height="18" rx="9" fill="${shade}"/>
    <rect x="340" y="300" width="120" height="10" rx="5" fill="${accent}" opacity="0.8"/>`,
  mug: ({ body, accent, shade }) => `
    <path d="M468 244 C548 244 548 350 468 350" fill="none" stroke="${body}" stroke-width="24" stroke-linecap="round"/>
    <rect x="296" y="196" width="180" height="200" rx="24" fill="${body}"/>
    <rect x="296" y="196" width="180" height="26" rx="13" fill="${shade}" opacity="0.35"/>
    <rect x="296" y="300" width="180" height="16" fill="${accent}" opacity="0.7"/>
    <path d="M350 170 C336 150 364 136 350 112 M390 170 C376 150 404 136 390 112 M430 170 C416 150 444 136 430 112" fill="none" stroke="${accent}" stroke-width="8" stroke-linecap="round" opacity="0.7"/>`,
  lamp: ({ body, accent, shade }) => `
    <polygon points="412,234 552,234 612,404 352,404" fill="#ffffff" opacity="0.35"/>
    <ellipse cx="310" cy="396" rx="78" ry="16" fill="${accent}"/>
    <path d="M310 392 L310 200 Q310 138 380 138 L452 152" fill="none" stroke="${accent}" stroke-width="11" stroke-linecap="round"/>
    <path d="M430 148 L520 148 L566 234 L398 234 Z" fill="${body}"/>
    <rect x="430" y="140" width="90" height="14" rx="7" fill="${shade}"/>
    <circle cx="310" cy="200" r="10" fill="${shade}"/>`,
  "globe-lamp": ({ body, accent, shade }) => `
    <circle cx="400" cy="238" r="150" fill="${body}" opacity="0.18"/>
    <circle cx="400" cy="244" r="112" fill="${body}"/>
    <circle cx="362" cy="204" r="36" fill="#ffffff" opacity="0.55"/>
    <rect x="330" y="350" width="140" height="46" rx="12" fill="${accent}"/>
    <rect x="330" y="384" width="140" height="12" rx="6" fill="${shade}" opacity="0.5"/>`,
  camera: ({ body, accent, shade }) => `
    <rect x="358" y="164" width="86" height="46" rx="10" fill="${body}"/>
    <rect x="228" y="196" width="344" height="204" rx="28" fill="${body}"/>
    <rect x="228" y="250" width="344" height="110" fill="${accent}" opacity="0.9"/>
    <circle cx="512" cy="188" r="13" fill="${accent}"/>
    <rect x="256" y="214" width="56" height="24" rx="6" fill="${shade}" opacity="0.6"/>
    <circle cx="400" cy="306" r="82" fill="${shade}"/>
    <circle cx="400" cy="306" r="62" fill="${body}"/>
    <circle cx="400" cy="306" r="40" fill="#111418"/>
    <circle cx="384" cy="290" r="11" fill="#ffffff" opacity="0.7"/>`,
  bicycle: ({ body, accent, shade }) => `
    <circle cx="272" cy="330" r="78" fill="none" stroke="${accent}" stroke-width="12"/>
    <circle cx="528" cy="330" r="78" fill="none" stroke="${accent}" stroke-width="12"/>
    <circle cx="272" cy="330" r="8" fill="${accent}"/>
    <circle cx="528" cy="330" r="8" fill="${accent}"/>
    <path d="M272 330 L350 226 L486 226 L528 330 M350 226 L400 330 L486 226 M400 330 L272 330" fill="none" stroke="${body}" stroke-width="14" stroke-linejoin="round" stroke-linecap="round"/>
    <path d="M350 226 L338 196 M318 190 L366 190" stroke="${shade}" stroke-width="12" stroke-linecap="round"/>
    <path d="M486 226 L474 184 L510 178" fill="none" stroke="${shade}" stroke-width="10" stroke-linecap="round" stroke-linejoin="round"/>
    <circle cx="400" cy="330" r="16" fill="${shade}"/>`,
  backpack: ({ body, accent, shade }) => `
    <path d="M370 156 C370 112 430 112 430 156" fill="none" stroke="${shade}" stroke-width="14" stroke-linecap="round"/>
    <rect x="286" y="146" width="228" height="256" rx="62" fill="${body}"/>
    <path d="M286 222 C330 196 470 196 514 222 L514 250 C470 226 330 226 286 250 Z" fill="${shade}" opacity="0.55"/>
    <rect x="320" y="276" width="160" height="104" rx="26" fill="${shade}"/>
    <rect x="340" y="296" width="120" height="8" rx="4" fill="${accent}"/>
    <rect x="392" y="304" width="16" height="26" rx="5" fill="${accent}"/>`,
  keyboard: ({ body, accent, shade }) => {
    const keys: string[] = [];
    for (let row = 0; row < 4; row++) {
      for (let col = 0; col < 12; col++) {
        const x = 214 + col * 31.5;
        const y = 250 + row * 30;
        const fill = row === 0 && col === 0 ? accent : col === 11 && row > 0 ? accent : "#ffffff";
        keys.push(`<rect x="${x}" y="${y}" width="25" height="23" rx="5" fill="${fill}" opacity="${fill === "#ffffff" ? 0.85 : 1}"/>`);
      }
    }
    return `
    <rect x="192" y="228" width="416" height="180" rx="20" fill="${shade}"/>
    <rect x="196" y="228" width="408" height="170" rx="18" fill="${body}"/>
    ${keys.join("\n    ")}
    <rect x="308" y="372" width="184" height="20" rx="5" fill="#ffffff" opacity="0.85"/>`;
  },
  watch: ({ body, accent, shade }) => {
    const ticks = Array.from({ length: 12 }, (_, i) => {
      const a = (i * Math.PI) / 6;
      const r1 = i % 3 === 0 ? 58 : 64;
      const x1 = 400 + Math.sin(a) * r1;
      const y1 = 258 - Math.cos(a) * r1;
      const x2 = 400 + Math.sin(a) * 72;
      const y2 = 258 - Math.cos(a) * 72;
      return `<line x1="${x1.toFixed(1)}" y1="${y1.toFixed(1)}" x2="${x2.toFixed(1)}" y2="${y2.toFixed(1)}" stroke="${body}" stroke-width="${i % 3 === 0 ? 6 : 3}" stroke-linecap="round"/>`;
    });
    return `
    <rect x="356" y="96" width="88" height="324" rx="18" fill="${shade}"/>
    <circle cx="400" cy="258" r="102" fill="${body}"/>
    <rect x="494" y="244" width="22" height="28" rx="6" fill="${body}"/>
    <circle cx="400" cy="258" r="84" fill="${accent}"/>
    ${ticks.join("\n    ")}
    <line x1="400" y1="258" x2="400" y2="206" stroke="${body}" stroke-width="7" stroke-linecap="round"/>
    <line x1="400" y1="258" x2="442" y2="276" stroke="${body}" stroke-width="5" stroke-linecap="round"/>
    <circle cx="400" cy="258" r="7" fill="${body}"/>`;
  },
  sunglasses: ({ body, accent, shade }) => `
    <path d="M236 248 L196 236 M564 248 L604 236" stroke="${body}" stroke-width="10" stroke-linecap="round"/>
    <circle cx="318" cy="272" r="78" fill="${accent}" stroke="${body}" stroke-width="14"/>
    <circle cx="482" cy="272" r="78" fill="${accent}" stroke="${body}" stroke-width="14"/>
    <path d="M388 252 Q400 232 412 252" fill="none" stroke="${body}" stroke-width="12" stroke-linecap="round"/>
    <path d="M282 238 L318 218 M448 238 L484 218" stroke="#ffffff" stroke-width="10" stroke-linecap="round" opacity="0.45"/>
    <circle cx="318" cy="272" r="78" fill="none" stroke="${shade}" stroke-width="3" opacity="0.3"/>`,
  bottle: ({ body, accent, shade }) => `
    <rect x="362" y="88" width="76" height="44" rx="12" fill="${shade}"/>
    <rect x="370" y="126" width="60" height="30" fill="${shade}" opacity="0.75"/>
    <rect x="340" y="150" width="120" height="254" rx="44" fill="${body}"/>
    <rect x="340" y="250" width="120" height="54" fill="${accent}" opacity="0.85"/>
    <rect x="360" y="176" width="16" height="200" rx="8" fill="#ffffff" opacity="0.35"/>`,
  chair: ({ body, accent, shade }) => `
    <path d="M304 318 L276 404 M500 318 L528 404 M330 318 L352 404 M474 318 L452 404" stroke="${shade}" stroke-width="12" stroke-linecap="round"/>
    <path d="M298 292 L262 150 Q256 126 282 124 L330 122 Q352 122 356 146 L384 292 Z" fill="${body}"/>
    <rect x="278" y="276" width="258" height="48" rx="22" fill="${body}"/>
    <rect x="290" y="268" width="236" height="24" rx="12" fill="${accent}"/>
    <path d="M274 142 L322 140" stroke="${accent}" stroke-width="10" stroke-linecap="round" opacity="0.8"/>`,
};

/** Mixes a hex colour towards black (amount < 0) or white (amount > 0). */
function mix(hex: string, amount: number): string {
  const value = Number.parseInt(hex.slice(1), 16);
  const channels = [(value >> 16) & 255, (value >> 8) & 255, value & 255];
  const target = amount < 0 ? 0 : 255;
  const mixed = channels.map((c) => Math.round(c + (target - c) * Math.abs(amount)));
  return `#${mixed.map((c) => c.toString(16).padStart(2, "0")).join("")}`;
}

function luminance(hex: string): number {
  const value = Number.parseInt(hex.slice(1), 16);
  const [r, g, b] = [(value >> 16) & 255, (value >> 8) & 255, value & 255];
  return (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255;
}

function escapeXml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

/** Deterministic numbers from the slug, so each picture's decoration differs but is stable. */
function seeded(slug: string): number[] {
  return [...createHash("sha256").update(slug).digest()].map((byte) => byte / 255);
}

export function productSvg(product: DemoProduct): string {
  const slug = demoProductSlug(product);
  const [background, body, accent] = product.palette;
  const dark = luminance(background) < 0.45;
  const text = dark ? "#ffffff" : "#1d1d1b";
  const shade = mix(body, luminance(body) > 0.5 ? -0.35 : -0.45);
  const r = seeded(slug);
  const n = (i: number) => r[i] ?? 0.5;
  const blob = mix(background, dark ? 0.1 : -0.06);
  const subtitle = product.variant ? `${product.model} · ${product.variant}` : product.model;
  const titleSize = Math.min(40, Math.floor(1300 / subtitle.length));

  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${WIDTH} ${HEIGHT}" width="${WIDTH}" height="${HEIGHT}" role="img" aria-label="${escapeXml(product.title)}, ${escapeXml(product.variant)}">
  <rect width="${WIDTH}" height="${HEIGHT}" fill="${background}"/>
  <circle cx="${Math.round(120 + n(0) * 120)}" cy="${Math.round(80 + n(1) * 120)}" r="${Math.round(90 + n(2) * 80)}" fill="${blob}"/>
  <circle cx="${Math.round(560 + n(3) * 160)}" cy="${Math.round(120 + n(4) * 220)}" r="${Math.round(60 + n(5) * 90)}" fill="${blob}"/>
  <circle cx="400" cy="262" r="196" fill="#ffffff" opacity="${dark ? 0.07 : 0.45}"/>
  <ellipse cx="400" cy="426" rx="205" ry="16" fill="#000000" opacity="0.12"/>
  <g transform="translate(400 250) scale(1.12) translate(-400 -250)">${shapes[product.category]({ body, accent, shade })}
  </g>
  <text x="400" y="482" text-anchor="middle" font-family="system-ui, -apple-system, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif" font-size="20" font-weight="600" letter-spacing="6" fill="${text}" opacity="0.7">${escapeXml(product.brand.toUpperCase())}</text>
  <text x="400" y="${482 + 16 + titleSize}" text-anchor="middle" font-family="system-ui, -apple-system, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif" font-size="${titleSize}" font-weight="700" fill="${text}">${escapeXml(subtitle)}</text>
</svg>
`;
}

async function main() {
  const dir = path.join(import.meta.dirname, "..", "public", "products");
  await mkdir(dir, { recursive: true });
  for (const product of DEMO_PRODUCTS) {
    await writeFile(path.join(dir, `${demoProductSlug(product)}.svg`), productSvg(product));
  }
  console.log(`wrote ${DEMO_PRODUCTS.length} pictures to ${path.relative(process.cwd(), dir)}`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename)) {
  await main();
}
