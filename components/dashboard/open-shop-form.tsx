"use client";

import { useState } from "react";
import { useActionForm } from "@/components/forms/use-action-form";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { FormStatus } from "@/components/ui/form-status";
import { openShopAction, type OpenShopState } from "@/lib/actions/shops";
import { slugify } from "@/lib/catalogue/identity";

export function OpenShopForm() {
  const { state, pending, onSubmit } = useActionForm<OpenShopState>(openShopAction, null);
  const [name, setName] = useState("");
  const [slug, setSlug] = useState("");
  const [slugEdited, setSlugEdited] = useState(false);
  const errors = state && !state.ok ? state.fieldErrors : {};
  // The address follows the name until the owner edits it.
  const shownSlug = slugEdited ? slug : name.trim() ? slugify(name).slice(0, 48).replace(/-+$/, "") : "";

  return (
    <form method="post" onSubmit={onSubmit} className="form" aria-describedby="open-shop-status" noValidate>
      <Field
        label="Shop name"
        name="name"
        required
        maxLength={80}
        value={name}
        onChange={(event) => setName(event.target.value)}
        hint="Shown next to every product you list."
        error={errors.name}
      />
      <Field
        label="Shop address"
        name="slug"
        maxLength={48}
        value={shownSlug}
        onChange={(event) => {
          setSlugEdited(true);
          setSlug(event.target.value);
        }}
        hint="Lower-case letters, digits and dashes; made from the name unless you change it."
        error={errors.slug}
      />
      <FormStatus id="open-shop-status" tone="error">
        {state && !state.ok ? state.message : null}
      </FormStatus>
      <Button type="submit" disabled={pending} aria-busy={pending || undefined}>
        {pending ? "Opening your shop…" : "Open my shop"}
      </Button>
    </form>
  );
}
