/** See english-faker.mjs. */
export function englishFaker(): () => void;
