// The compiler build without lib/index.js, which registers a require() hook for .hbs files on import.
declare module 'handlebars/dist/cjs/handlebars.js' {
  import Handlebars from 'handlebars';

  type Specification = ReturnType<typeof Handlebars.precompile>;

  /**
   * The two compiler passes `Handlebars.compile` runs on first use (public on the namespace, documented for
   * extension, missing from its typings): the renderer runs them itself to compile each source once, up front.
   */
  interface CompilerPasses {
    Compiler: new () => { compile(program: hbs.AST.Program, options: object): unknown };
    JavaScriptCompiler: new () => {
      compile(environment: unknown, options: object, context: undefined, asObject: true): Specification;
    };
  }

  const HandlebarsWithCompiler: typeof Handlebars & CompilerPasses;
  export default HandlebarsWithCompiler;
}
