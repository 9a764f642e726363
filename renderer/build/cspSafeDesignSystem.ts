/**
 * Build-time Vite plugin (runs in Node, not in the page).
 *
 * The BC Design System React components inject their CSS at runtime with `<style>` elements, and
 * react-aria (bundled inside them) adds one more for touch handling. The workbench's Content
 * Security Policy (`style-src 'self'`) refuses inline styles, so instead of loosening the policy
 * this plugin moves the library's CSS into the bundled stylesheet and turns its remaining
 * `<style>` elements into inert `<template>` elements (their one rule is in styles/base.css).
 * The build fails if the library no longer has the shape this relies on.
 */
import type { Plugin } from 'vite';

const LIBRARY = '@bcgov/design-system-react-components/dist/esm/index.js';
const STYLES_ID = 'virtual:bcds-styles.css';
const RESOLVED_STYLES_ID = `\0${STYLES_ID}`;

const CSS_DECLARATION = /^var (css_248z(?:\$\w+)?) = ("(?:[^"\\]|\\.)*");$/gm;
const STYLE_INJECT_CALL = /^styleInject\(css_248z(?:\$\w+)?\);$/gm;
const STYLE_ELEMENT = /createElement\((['"])style\1\)/g;

export function cspSafeDesignSystem(): Plugin {
  let extracted = '';
  return {
    name: 'workbench:csp-safe-design-system',
    enforce: 'pre',
    resolveId(id) {
      return id === STYLES_ID ? RESOLVED_STYLES_ID : null;
    },
    load(id) {
      return id === RESOLVED_STYLES_ID ? extracted : null;
    },
    transform(code, id) {
      if (!id.replaceAll('\\', '/').endsWith(LIBRARY)) return null;
      const blocks: string[] = [];
      let rewritten = code.replace(CSS_DECLARATION, (_match, name: string, literal: string) => {
        blocks.push(JSON.parse(literal) as string);
        return `var ${name} = "";`;
      });
      const injections = rewritten.match(STYLE_INJECT_CALL)?.length ?? 0;
      if (blocks.length === 0 || injections !== blocks.length) {
        this.error(`${LIBRARY}: expected one styleInject call per CSS block, found ${blocks.length} blocks and ${injections} calls; update renderer/build/cspSafeDesignSystem.ts`);
      }
      rewritten = rewritten.replace(STYLE_INJECT_CALL, '').replace(STYLE_ELEMENT, "createElement('template')");
      extracted = blocks.join('\n');
      return { code: `import ${JSON.stringify(STYLES_ID)};\n${rewritten}`, map: null };
    },
  };
}
