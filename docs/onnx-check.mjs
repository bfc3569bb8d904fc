// Runs an exported model with onnxruntime-web (wasm backend, in Node) the way docs/onnx.md's page snippet does,
// on the first 1,000 MNIST test digits; prints accuracy and, given the tool's probabilities CSV, the largest difference.
import * as ort from "onnxruntime-web";
import { readFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";

const [model, mnistDir, probsCsv] = process.argv.slice(2);
const n = 1000;
const images = gunzipSync(readFileSync(`${mnistDir}/t10k-images-idx3-ubyte.gz`)).subarray(16, 16 + n * 784);
const labels = gunzipSync(readFileSync(`${mnistDir}/t10k-labels-idx1-ubyte.gz`)).subarray(8, 8 + n);
const x = new Float32Array(n * 784);
for (let i = 0; i < x.length; i++) x[i] = images[i] / 255;

const session = await ort.InferenceSession.create(readFileSync(model));
const image = new ort.Tensor("float32", x, [n, 1, 28, 28]);
const { probabilities } = await session.run({ image });
const p = probabilities.data;
let right = 0;
for (let i = 0; i < n; i++) {
  const row = Array.from(p.subarray(i * 10, i * 10 + 10));
  if (row.indexOf(Math.max(...row)) === labels[i]) right++;
}
console.log(`onnxruntime-web ${ort.env.versions.web}: dims ${probabilities.dims}, accuracy ${right / n} on ${n} test digits`);
if (probsCsv) {
  const rows = readFileSync(probsCsv, "utf8").trim().split("\n").slice(1, n + 1).map(l => l.split(",").slice(-10).map(Number));
  let worst = 0;
  rows.forEach((r, i) => r.forEach((v, c) => { worst = Math.max(worst, Math.abs(v - p[i * 10 + c])); }));
  console.log(`largest difference from digits predict --probabilities: ${worst}`);
}
