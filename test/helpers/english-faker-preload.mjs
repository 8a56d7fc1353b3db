// `NODE_OPTIONS=--import=<this file>`: a Prism process with faker in English only (english-faker.mjs).
import { englishFaker } from './english-faker.mjs';

englishFaker();
