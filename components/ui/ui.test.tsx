import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { ReactElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { useForm } from "react-hook-form";
import { Alert } from "./alert";
import { Button, buttonClasses } from "./button";
import { Card } from "./card";
import { Checkbox } from "./checkbox";
import { CopyButton } from "./copy-button";
import { Table, TBody, Td, Th, THead, Tr } from "./data-table";
import { Field, fieldControlProps } from "./field";
import { Input } from "./input";
import { PageHeader } from "./page-header";
import { RadioGroup } from "./radio-group";
import { Select } from "./select";
import { Textarea } from "./textarea";

type El = { tag: string; attrs: Record<string, string>; start: number; end: number };

/** Tiny start-tag scanner: enough for React's static markup (attributes are always double-quoted). */
function parse(html: string): El[] {
  const out: El[] = [];
  for (const m of html.matchAll(/<([a-z][a-z0-9]*)((?:\s+[^\s=>]+(?:="[^"]*")?)*)\s*\/?>/g)) {
    const attrs: Record<string, string> = {};
    for (const a of m[2].matchAll(/([^\s=>]+)(?:="([^"]*)")?/g)) attrs[a[1]] = a[2] ?? "";
    out.push({ tag: m[1], attrs, start: m.index, end: m.index + m[0].length });
  }
  return out;
}

const render = (ui: ReactElement) => {
  const html = renderToStaticMarkup(ui);
  return { html, els: parse(html) };
};
const byTag = (els: El[], tag: string) => els.filter((e) => e.tag === tag);
const byId = (els: El[], id: string) => els.find((e) => e.attrs.id === id);
/** Text inside an element whose content is plain text (labels, legends, headings). */
const textOf = (html: string, el: El) => html.slice(el.end, html.indexOf(`</${el.tag}>`, el.end));

function assertDescribedByResolves(els: El[], control: El) {
  const ids = (control.attrs["aria-describedby"] ?? "").split(/\s+/).filter(Boolean);
  for (const id of ids) assert.ok(byId(els, id), `aria-describedby target #${id} exists`);
  return ids;
}

describe("Field + Input", () => {
  it("links label, help and error to the control", () => {
    const { html, els } = render(
      <Field id="issuer" label="Issuer URL" help="The OIDC issuer." error="Enter a valid URL" required>
        <Input {...fieldControlProps("issuer", "Enter a valid URL")} required />
      </Field>,
    );
    const [label] = byTag(els, "label");
    const [input] = byTag(els, "input");
    assert.equal(label.attrs.for, "issuer");
    assert.equal(input.attrs.id, "issuer");
    assert.equal(textOf(html, label), "Issuer URL", "label text is exactly the label (marker outside)");
    assert.equal(input.attrs["aria-invalid"], "true");
    assert.deepEqual(assertDescribedByResolves(els, input), ["issuer-help", "issuer-error"]);
    assert.equal(byId(els, "issuer-error")?.attrs.role, "alert");
    assert.match(input.attrs.class, /aria-\[invalid=true\]:border-red-600/);
  });

  it("omits describedby ids that do not exist", () => {
    assert.deepEqual(fieldControlProps("a", undefined, false), {
      id: "a",
      "aria-invalid": undefined,
      "aria-describedby": undefined,
    });
    assert.equal(fieldControlProps("a", "bad", false)["aria-describedby"], "a-error");
    assert.equal(fieldControlProps("a")["aria-describedby"], "a-help");
    const { els } = render(
      <Field id="name" label="Name">
        <Input {...fieldControlProps("name", undefined, false)} />
      </Field>,
    );
    assert.equal(byTag(els, "input")[0].attrs["aria-invalid"], undefined);
    assert.equal(
      els.some((e) => e.attrs.role === "alert"),
      false,
    );
  });

  it("Textarea and Select accept the same control props", () => {
    const { els } = render(
      <>
        <Textarea {...fieldControlProps("t", "x", false)} />
        <Select {...fieldControlProps("s")}>
          <option value="a">A</option>
        </Select>
      </>,
    );
    assert.equal(byTag(els, "textarea")[0].attrs["aria-describedby"], "t-error");
    assert.equal(byTag(els, "select")[0].attrs.id, "s");
  });
});

describe("RadioGroup", () => {
  const options = [
    { value: "client_secret_post", label: "Post", description: "Secret in the request body." },
    { value: "client_secret_basic", label: "Basic" },
  ];

  it("renders a fieldset/legend with exactly-labelled radios", () => {
    const { html, els } = render(
      <RadioGroup
        legend="Token auth method"
        name="authMethod"
        options={options}
        help="How Keyway authenticates."
        error="Pick one"
      />,
    );
    const [fieldset] = byTag(els, "fieldset");
    assert.equal(textOf(html, byTag(els, "legend")[0]), "Token auth method");
    assert.deepEqual(assertDescribedByResolves(els, fieldset), ["authMethod-help", "authMethod-error"]);
    const radios = byTag(els, "input");
    assert.equal(radios.length, 2);
    for (const [i, radio] of radios.entries()) {
      assert.equal(radio.attrs.type, "radio");
      assert.equal(radio.attrs.name, "authMethod");
      assert.equal(radio.attrs.value, options[i].value);
      const label = byTag(els, "label").find((l) => l.attrs.for === radio.attrs.id);
      assert.ok(label, "radio has a label");
      assert.equal(textOf(html, label), options[i].label);
      assertDescribedByResolves(els, radio);
    }
    assert.equal(radios[0].attrs["aria-describedby"], "authMethod-client_secret_post-description");
    assert.equal(radios[1].attrs["aria-describedby"], undefined);
    assert.equal(els.find((e) => e.attrs.role === "alert")?.attrs.id, "authMethod-error");
  });

  it("works with react-hook-form register()", () => {
    function Form() {
      const { register } = useForm({ defaultValues: { authMethod: "client_secret_basic" } });
      return (
        <RadioGroup legend="Method" name="authMethod" options={options} inputProps={() => register("authMethod")} />
      );
    }
    const { els } = render(<Form />);
    const radios = byTag(els, "input");
    assert.deepEqual(
      radios.map((r) => [r.attrs.name, r.attrs.value]),
      [
        ["authMethod", "client_secret_post"],
        ["authMethod", "client_secret_basic"],
      ],
    );
  });
});

describe("Button", () => {
  it("pending: disabled, aria-busy, spinner hidden, name unchanged", () => {
    const { html, els } = render(
      <Button pending type="submit">
        Save connection
      </Button>,
    );
    const [button] = byTag(els, "button");
    assert.ok("disabled" in button.attrs);
    assert.equal(button.attrs["aria-busy"], "true");
    assert.equal(byTag(els, "svg")[0].attrs["aria-hidden"], "true");
    assert.match(html, /Save connection<\/button>$/);
  });

  it("idle: enabled, no aria-busy; buttonClasses differ by variant", () => {
    const { els } = render(<Button variant="danger">Delete</Button>);
    assert.equal("disabled" in els[0].attrs, false);
    assert.equal(els[0].attrs["aria-busy"], undefined);
    assert.notEqual(buttonClasses("primary"), buttonClasses("ghost"));
  });
});

describe("other primitives", () => {
  it("Alert roles by tone", () => {
    assert.equal(render(<Alert tone="error">x</Alert>).els[0].attrs.role, "alert");
    for (const tone of ["success", "info", "warning"] as const) {
      assert.equal(
        render(
          <Alert tone={tone} title="t">
            x
          </Alert>,
        ).els[0].attrs.role,
        "status",
      );
    }
  });

  it("Checkbox is labelled and described", () => {
    const { html, els } = render(
      <Checkbox id="enabled" name="enabled" label="Enabled" description="Show on sign-in page" />,
    );
    const [input] = byTag(els, "input");
    assert.equal(input.attrs.type, "checkbox");
    const label = byTag(els, "label")[0];
    assert.equal(label.attrs.for, "enabled");
    assert.equal(textOf(html, label), "Enabled");
    assert.deepEqual(assertDescribedByResolves(els, input), ["enabled-description"]);
  });

  it("CopyButton is a non-submit button with a polite live region", () => {
    const { html, els } = render(<CopyButton value="https://x/callback" label="Copy redirect URI" />);
    const [button] = byTag(els, "button");
    assert.equal(button.attrs.type, "button");
    assert.match(html, />Copy redirect URI<\/button>/);
    assert.ok(els.some((e) => e.attrs["aria-live"] === "polite"));
    assert.match(render(<CopyButton value="v" />).html, />Copy<\/button>/);
  });

  it("PageHeader h1, Card h2 labelling its section, Th scope", () => {
    const ph = render(<PageHeader title="Connections" description="d" actions={<a href="/x">New</a>} />);
    assert.equal(textOf(ph.html, byTag(ph.els, "h1")[0]), "Connections");
    const card = render(<Card title="Details">body</Card>);
    const h2 = byTag(card.els, "h2")[0];
    assert.equal(byTag(card.els, "section")[0].attrs["aria-labelledby"], h2.attrs.id);
    const table = render(
      <Table>
        <THead>
          <Tr>
            <Th>Name</Th>
          </Tr>
        </THead>
        <TBody>
          <Tr>
            <Td>Acme</Td>
          </Tr>
        </TBody>
      </Table>,
    );
    assert.equal(byTag(table.els, "th")[0].attrs.scope, "col");
  });
});
