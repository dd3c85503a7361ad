// The demo catalogue: two shops, their owners, one customer and 24 products, some listed by
// both shops. Shared by the seed (scripts/seed.ts), the picture generator
// (scripts/generate-product-art.ts) and the end-to-end tests, which look things up here
// instead of repeating slugs and passwords.
import { slugify } from "@/lib/catalogue/identity";

export type ShopKey = "harbour" | "northern";

export interface DemoUser {
  name: string;
  email: string;
  phone: string;
  password: string;
  /** The shop this user owns, if any. */
  shop?: ShopKey;
}

export const DEMO_USERS = {
  owner1: { name: "Hanna Virtanen", email: "owner1@example.com", phone: "+358401000001", password: "demo-password-1", shop: "harbour" },
  owner2: { name: "Oskar Lind", email: "owner2@example.com", phone: "+358401000002", password: "demo-password-2", shop: "northern" },
  customer: { name: "Cara Customer", email: "customer@example.com", phone: "+358401000003", password: "demo-password-3" },
} as const satisfies Record<string, DemoUser>;

export const DEMO_SHOPS: Record<ShopKey, { slug: string; name: string }> = {
  harbour: { slug: "harbour-and-pine", name: "Harbour & Pine" },
  northern: { slug: "northern-supply", name: "Northern Supply Co." },
};

export type ArtCategory =
  | "headphones"
  | "speaker"
  | "sneaker"
  | "kettle"
  | "mug"
  | "lamp"
  | "globe-lamp"
  | "camera"
  | "bicycle"
  | "backpack"
  | "keyboard"
  | "watch"
  | "sunglasses"
  | "bottle"
  | "chair";

export interface DemoListing {
  shop: ShopKey;
  priceCents: number;
  /** Units received into stock; 0 means the listing is sold out. */
  stock: number;
  /** A paused listing: hidden from the catalogue. */
  active?: boolean;
}

export interface DemoProduct {
  brand: string;
  model: string;
  variant: string;
  title: string;
  description: string;
  category: ArtCategory;
  /** Background, object body, accent: the product picture's colours. */
  palette: readonly [string, string, string];
  listings: DemoListing[];
}

export const DEMO_PRODUCTS: DemoProduct[] = [
  {
    brand: "Aurora Audio",
    model: "Halo 2",
    variant: "Midnight",
    category: "headphones",
    title: "Aurora Audio Halo 2 Wireless Headphones",
    description:
      "Closed-back wireless headphones with 40 hours of battery, adaptive noise cancelling and memory-foam cushions that stay comfortable through a long flight.",
    palette: ["#dfe7f5", "#1c2a4a", "#8fb3ff"],
    listings: [
      { shop: "harbour", priceCents: 18900, stock: 3 },
      { shop: "northern", priceCents: 17900, stock: 12 },
    ],
  },
  {
    brand: "Aurora Audio",
    model: "Halo 2",
    variant: "Sand",
    category: "headphones",
    title: "Aurora Audio Halo 2 Wireless Headphones",
    description:
      "The Halo 2 in a warm sand finish: the same 40-hour battery and adaptive noise cancelling, with stitched vegan-leather headband.",
    palette: ["#f6ecdd", "#c9a57a", "#5c4630"],
    listings: [{ shop: "harbour", priceCents: 18900, stock: 6 }],
  },
  {
    brand: "Aurora Audio",
    model: "Pebble",
    variant: "Slate",
    category: "speaker",
    title: "Aurora Audio Pebble Bluetooth Speaker",
    description: "A pocketable, waterproof speaker with a surprisingly deep bass driver. Pair two for stereo.",
    palette: ["#e3e8ea", "#46535c", "#f2b134"],
    listings: [
      { shop: "harbour", priceCents: 7900, stock: 20 },
      { shop: "northern", priceCents: 8400, stock: 9 },
    ],
  },
  {
    brand: "Kestrel",
    model: "Runner 9",
    variant: "Volt",
    category: "sneaker",
    title: "Kestrel Runner 9 Running Shoe",
    description: "A light daily trainer with a responsive foam midsole and a breathable knit upper. This season's limited Volt colourway.",
    palette: ["#1f2a24", "#d7f54a", "#ffffff"],
    listings: [
      { shop: "harbour", priceCents: 13900, stock: 2 },
      { shop: "northern", priceCents: 14500, stock: 1 },
    ],
  },
  {
    brand: "Kestrel",
    model: "Runner 9",
    variant: "Chalk",
    category: "sneaker",
    title: "Kestrel Runner 9 Running Shoe",
    description: "The Runner 9 in an all-white chalk colourway. Sold out everywhere for now — every pair went in the launch weekend.",
    palette: ["#ece9e2", "#fbfaf7", "#9aa3a8"],
    listings: [
      { shop: "harbour", priceCents: 13900, stock: 0 },
      { shop: "northern", priceCents: 13900, stock: 0 },
    ],
  },
  {
    brand: "Kestrel",
    model: "Trail X",
    variant: "Moss",
    category: "sneaker",
    title: "Kestrel Trail X Trail Shoe",
    description: "Grippy lugs, a rock plate and a gusseted tongue that keeps the gravel out. Built for wet northern trails.",
    palette: ["#e7eadb", "#4f6b3a", "#e0822f"],
    listings: [{ shop: "northern", priceCents: 15900, stock: 7 }],
  },
  {
    brand: "Fjell",
    model: "Kettle 1.7 L",
    variant: "Matte Black",
    category: "kettle",
    title: "Fjell Electric Kettle 1.7 L",
    description: "A quiet stainless-steel kettle with temperature presets for green tea, pour-over and a rolling boil.",
    palette: ["#f1e4d3", "#25262b", "#d9a35b"],
    listings: [
      { shop: "harbour", priceCents: 8900, stock: 14 },
      { shop: "northern", priceCents: 8500, stock: 4, active: false },
    ],
  },
  {
    brand: "Fjell",
    model: "Stoneware Mug",
    variant: "Oat",
    category: "mug",
    title: "Fjell Stoneware Mug 350 ml",
    description: "Hand-glazed stoneware in a speckled oat glaze. Each one is a little different.",
    palette: ["#f3efe6", "#d8c7a6", "#7a5c3a"],
    listings: [{ shop: "harbour", priceCents: 2400, stock: 40 }],
  },
  {
    brand: "Lumen",
    model: "Arc Desk Lamp",
    variant: "Brass",
    category: "lamp",
    title: "Lumen Arc Desk Lamp",
    description: "A dimmable LED desk lamp on a balanced brass arm. Warm 2700 K light that is kind to late evenings.",
    palette: ["#e9ece4", "#b8893a", "#3b3b3b"],
    listings: [
      { shop: "harbour", priceCents: 12900, stock: 5 },
      { shop: "northern", priceCents: 11900, stock: 3 },
    ],
  },
  {
    brand: "Lumen",
    model: "Orb Lamp",
    variant: "Opal",
    category: "globe-lamp",
    title: "Lumen Orb Table Lamp",
    description: "Mouth-blown opal glass on an oak base. Soft, even light from every angle.",
    palette: ["#2b2f45", "#f7f2e7", "#c8a36a"],
    listings: [{ shop: "northern", priceCents: 9900, stock: 8 }],
  },
  {
    brand: "Nordvik",
    model: "Field Camera F2",
    variant: "Silver",
    category: "camera",
    title: "Nordvik Field Camera F2",
    description:
      "A rangefinder-style digital camera with a fixed 35 mm f/2 lens, film simulations and real dials. Only a handful made this year.",
    palette: ["#e4e1db", "#c7c9cc", "#1e1f22"],
    listings: [{ shop: "northern", priceCents: 119900, stock: 1 }],
  },
  {
    brand: "Nordvik",
    model: "Instant Mini",
    variant: "Coral",
    category: "camera",
    title: "Nordvik Instant Mini Camera",
    description: "Point, shoot, shake (not really). Credit-card-sized instant prints in about ninety seconds.",
    palette: ["#fde4dc", "#f07c67", "#ffffff"],
    listings: [
      { shop: "harbour", priceCents: 8900, stock: 11 },
      { shop: "northern", priceCents: 9200, stock: 6 },
    ],
  },
  {
    brand: "Tandem",
    model: "City 3",
    variant: "Teal",
    category: "bicycle",
    title: "Tandem City 3 Commuter Bike",
    description: "A three-speed hub-geared city bike with mudguards, dynamo lights and a rear rack. Ready to ride to work in any weather.",
    palette: ["#f3ecdf", "#1b8a8a", "#2a2a2a"],
    listings: [{ shop: "northern", priceCents: 64900, stock: 2 }],
  },
  {
    brand: "Tandem",
    model: "Fold 16",
    variant: "Graphite",
    category: "bicycle",
    title: "Tandem Fold 16 Folding Bike",
    description: "Folds in fifteen seconds to fit under a desk or onto a crowded train. Sixteen-inch wheels, six gears.",
    palette: ["#dce3e8", "#3d4148", "#ff6b3d"],
    listings: [{ shop: "harbour", priceCents: 89900, stock: 4 }],
  },
  {
    brand: "Taiga",
    model: "Daypack 24 L",
    variant: "Forest",
    category: "backpack",
    title: "Taiga Daypack 24 L",
    description: "A recycled-nylon daypack with a padded laptop sleeve, a hidden passport pocket and a lifetime warranty.",
    palette: ["#eef0e6", "#2f5d45", "#e7c36b"],
    listings: [
      { shop: "harbour", priceCents: 9900, stock: 15 },
      { shop: "northern", priceCents: 9500, stock: 10 },
    ],
  },
  {
    brand: "Taiga",
    model: "Roll-top 30 L",
    variant: "Sand",
    category: "backpack",
    title: "Taiga Roll-top Backpack 30 L",
    description: "Fully waterproof welded seams and a roll-top closure for bike commutes through autumn rain.",
    palette: ["#29323a", "#d6c2a0", "#e66a4e"],
    listings: [{ shop: "northern", priceCents: 13900, stock: 9 }],
  },
  {
    brand: "Quill",
    model: "K75 Mechanical Keyboard",
    variant: "Linen",
    category: "keyboard",
    title: "Quill K75 Mechanical Keyboard",
    description: "A 75% gasket-mounted keyboard with hot-swappable tactile switches and PBT keycaps in linen and sage.",
    palette: ["#e8efe9", "#f2ede3", "#86a38f"],
    listings: [
      { shop: "harbour", priceCents: 16900, stock: 3 },
      { shop: "northern", priceCents: 16500, stock: 2 },
    ],
  },
  {
    brand: "Quill",
    model: "Slim Keyboard",
    variant: "Ink",
    category: "keyboard",
    title: "Quill Slim Low-profile Keyboard",
    description: "Low-profile switches, three Bluetooth channels and a battery that lasts months between charges.",
    palette: ["#d9dcf0", "#23253a", "#7d86e8"],
    listings: [{ shop: "northern", priceCents: 9900, stock: 18 }],
  },
  {
    brand: "Hours",
    model: "Automatic 38",
    variant: "Steel",
    category: "watch",
    title: "Hours Automatic 38 mm Watch",
    description: "A Swiss-movement automatic with a sunray dial, sapphire crystal and 100 m water resistance. Numbered edition.",
    palette: ["#eae6df", "#b9bec4", "#1f3b57"],
    listings: [{ shop: "harbour", priceCents: 49900, stock: 2 }],
  },
  {
    brand: "Hours",
    model: "Field Watch",
    variant: "Olive",
    category: "watch",
    title: "Hours Field Watch",
    description: "Legible, tough and light: a 40 mm field watch on a quick-release canvas strap.",
    palette: ["#f0ebd8", "#5e6b3c", "#f4efe0"],
    listings: [
      { shop: "harbour", priceCents: 21900, stock: 6 },
      { shop: "northern", priceCents: 22900, stock: 5 },
    ],
  },
  {
    brand: "Vista",
    model: "Round",
    variant: "Tortoise",
    category: "sunglasses",
    title: "Vista Round Sunglasses",
    description: "Hand-polished acetate frames with polarised lenses and full UV400 protection.",
    palette: ["#fbe9cf", "#7a4a26", "#2c3a40"],
    listings: [{ shop: "harbour", priceCents: 11900, stock: 9 }],
  },
  {
    brand: "Vista",
    model: "Aviator",
    variant: "Gold",
    category: "sunglasses",
    title: "Vista Aviator Sunglasses",
    description: "Featherweight titanium aviators with gradient lenses. Comes with a recycled-leather case.",
    palette: ["#dbe9f2", "#c9a14a", "#4b6478"],
    listings: [{ shop: "northern", priceCents: 14900, stock: 1 }],
  },
  {
    brand: "Rill",
    model: "Insulated Bottle 750 ml",
    variant: "Glacier",
    category: "bottle",
    title: "Rill Insulated Bottle 750 ml",
    description: "Keeps coffee hot for twelve hours and water cold for a day. Leak-proof, dishwasher-safe lid.",
    palette: ["#e2f1f4", "#8fc9d6", "#1c4d5c"],
    listings: [
      { shop: "harbour", priceCents: 3400, stock: 30 },
      { shop: "northern", priceCents: 3200, stock: 25 },
    ],
  },
  {
    brand: "Sitka",
    model: "Lounge Chair",
    variant: "Walnut",
    category: "chair",
    title: "Sitka Lounge Chair",
    description: "Solid walnut frame, wool upholstery and a reclined back made for reading on long winter evenings.",
    palette: ["#efe6dc", "#6f4a2f", "#c96f4a"],
    listings: [{ shop: "northern", priceCents: 129900, stock: 2 }],
  },
];

export function demoProductSlug(product: Pick<DemoProduct, "brand" | "model" | "variant">): string {
  return slugify(product.brand, product.model, product.variant);
}

export function demoProductImageUrl(product: Pick<DemoProduct, "brand" | "model" | "variant">): string {
  return `/products/${demoProductSlug(product)}.svg`;
}

/** A demo product by its identity: what the demo's flash sales and campaigns point at. */
export type DemoProductRef = Pick<DemoProduct, "brand" | "model" | "variant">;

export interface DemoFlashSale {
  product: DemoProductRef;
  shop: ShopKey;
  slots: number;
  discount: { kind: "percent"; percent: number } | { kind: "price"; salePriceCents: number };
  /** Relative to when the seed runs: a live sale and one about to start. */
  startsInHours: number;
  lastsHours: number;
  /** Run as a drop with a waiting room: its line opens this many hours before the start. */
  waitingRoom?: { opensHoursBefore: number; admitPerMinute: number; maxAdmitted: number | null; turnMinutes: number };
}

export const DEMO_FLASH_SALES: DemoFlashSale[] = [
  {
    product: { brand: "Aurora Audio", model: "Pebble", variant: "Slate" },
    shop: "harbour",
    slots: 10,
    discount: { kind: "price", salePriceCents: 5900 },
    startsInHours: 0,
    lastsHours: 14 * 24,
  },
  {
    product: { brand: "Quill", model: "Slim Keyboard", variant: "Ink" },
    shop: "northern",
    slots: 5,
    discount: { kind: "percent", percent: 20 },
    startsInHours: 3,
    lastsHours: 48,
    // A drop: its line is open from the seed on, and shuffled at the start.
    waitingRoom: { opensHoursBefore: 4, admitPerMinute: 30, maxAdmitted: 50, turnMinutes: 10 },
  },
];

export interface DemoCampaign {
  shop: ShopKey;
  name: string;
  limit: number;
  discountPercent: number | null;
  amountOffCents: number | null;
  /** One product of the shop, or the whole shop. */
  product: DemoProductRef | null;
  minOrderCents: number;
  lastsDays: number;
}

export const DEMO_CAMPAIGNS: DemoCampaign[] = [
  {
    shop: "harbour",
    name: "Harbour launch week: the first 30 get 15% off",
    limit: 30,
    discountPercent: 15,
    amountOffCents: null,
    product: null,
    minOrderCents: 0,
    lastsDays: 30,
  },
  {
    shop: "northern",
    name: "€10 off the Orb Lamp for the first 10",
    limit: 10,
    discountPercent: null,
    amountOffCents: 1000,
    product: { brand: "Lumen", model: "Orb Lamp", variant: "Opal" },
    minOrderCents: 0,
    lastsDays: 14,
  },
];
