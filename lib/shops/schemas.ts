// What opening a shop takes: the form's action parses with it once; lib/shops/open-shop
// takes its output.
import { z } from "zod";
import { slugify } from "@/lib/catalogue/identity";

export const SHOP_SLUG_PATTERN = /^[a-z0-9]+(-[a-z0-9]+)*$/;

const SLUG_MESSAGE = "Use 3-48 lower-case letters, digits and single dashes (like “nordic-audio”).";
const validSlug = (slug: string) => slug.length >= 3 && slug.length <= 48 && SHOP_SLUG_PATTERN.test(slug);

export const openShopSchema = z
  .object({
    name: z.string().trim().min(2, "Use at least 2 characters.").max(80, "Use at most 80 characters."),
    /** The shop's address; derived from the name when left empty. */
    slug: z
      .string()
      .trim()
      .toLowerCase()
      .refine((slug) => slug === "" || validSlug(slug), SLUG_MESSAGE)
      .optional()
      .default(""),
  })
  .transform((value, ctx) => {
    const slug = value.slug || slugify(value.name).slice(0, 48).replace(/-+$/, "");
    if (!validSlug(slug)) {
      ctx.addIssue({ code: "custom", path: ["slug"], message: SLUG_MESSAGE });
      return z.NEVER;
    }
    return { name: value.name, slug };
  });

export type OpenShopField = keyof z.input<typeof openShopSchema>;
export type OpenShopData = z.output<typeof openShopSchema>;
