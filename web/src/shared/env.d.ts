// Vite's `?inline` CSS imports (the text of a stylesheet, adopted into a shadow root).
declare module '*.css?inline' {
  const css: string;
  export default css;
}
