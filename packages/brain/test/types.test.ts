import { join } from 'node:path';
import ts from 'typescript';

test('NeuralNetworkGPU, AE and CrossValidate are accepted by the types under --strict (with skipLibCheck, which brain.js’s own typings need)', () => {
  const file = join(__dirname, 'fixtures', 'typed-usage.ts');
  const options: ts.CompilerOptions = { strict: true, skipLibCheck: true, noEmit: true, esModuleInterop: true, target: ts.ScriptTarget.ES2020, module: ts.ModuleKind.CommonJS, moduleResolution: ts.ModuleResolutionKind.Node10 };
  const diagnostics = ts.getPreEmitDiagnostics(ts.createProgram([file], options));
  expect(diagnostics.map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'))).toEqual([]);
}, 60000);
