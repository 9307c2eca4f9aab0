// Prettier's defaults, except the two that today's code was written in: single quotes, and 120 columns (the width
// the comments are wrapped to). Measured against the code as it stood: every other option left at its default
// (semicolons, trailing commas everywhere, parentheses around a lone arrow parameter) changes the fewest files.
/** @type {import('prettier').Config} */
export default {
  singleQuote: true,
  printWidth: 120,
};
