// ESLint: Next.js (core web vitals, React, hooks, a11y, import) and typescript-eslint's recommended rules, plus the
// house rules that keep the arrows one way (app/ → components/ → lib/). Formatting is Prettier's job, not ESLint's.
import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

const config = [
  ...nextVitals,
  ...nextTs,
  {
    ignores: [
      "node_modules/**",
      ".next/**",
      "dist/**",
      ".tmp/**",
      "lib/generated/**",
      "data/**",
      "next-env.d.ts",
      "**/.next/**",
    ],
  },
  {
    rules: {
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrors: "none" },
      ],
      "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports" }],
      "import/no-cycle": "off",
    },
  },
  {
    // The house plan: lib/ never imports app/ or components/.
    files: ["lib/**/*.{ts,tsx}"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: ["@/app/*", "@/components/*", "**/app/*", "**/components/*"],
              message: "lib/ never imports app/ or components/.",
            },
          ],
        },
      ],
    },
  },
  {
    // …and components/ never import app/.
    files: ["components/**/*.{ts,tsx}"],
    rules: {
      "no-restricted-imports": [
        "error",
        { patterns: [{ group: ["@/app/*", "**/app/*"], message: "components/ never import app/." }] },
      ],
    },
  },
];

export default config;
