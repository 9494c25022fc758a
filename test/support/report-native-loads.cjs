// Preloaded (node --require) into a CLI child: names every native addon the process loads on stderr.
const original = process.dlopen;
process.dlopen = function (module, filename, ...rest) {
  process.stderr.write(`DLOPEN ${filename}\n`);
  return original.call(this, module, filename, ...rest);
};
