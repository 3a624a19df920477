// The compiler build without lib/index.js, which registers a require() hook for .hbs files on import.
declare module 'handlebars/dist/cjs/handlebars.js' {
  import Handlebars from 'handlebars';
  export default Handlebars;
}
