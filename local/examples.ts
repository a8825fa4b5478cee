/** The example requests `npm start` prints once the local stack is ready. */

/** A MovieLens user with a long history, and a widely seen movie, so the examples read well. */
export const EXAMPLE_USER_ID = '1';
export const EXAMPLE_ITEM_ID = '1';

export function exampleRequests(apiUrl: string): string[] {
  const json = "-H 'content-type: application/json'";
  return [
    `# Recommendations for user ${EXAMPLE_USER_ID} (25 by default, best first)`,
    `curl -s '${apiUrl}/users/${EXAMPLE_USER_ID}/recommendations?numResults=5'`,
    '',
    '# Only movies the user has not watched yet',
    `curl -s '${apiUrl}/users/${EXAMPLE_USER_ID}/recommendations?numResults=5&filter=unwatched'`,
    '',
    '# Only comedies (a filter with a placeholder takes typed values)',
    `curl -s -X POST '${apiUrl}/users/${EXAMPLE_USER_ID}/recommendations' ${json} -d '{"numResults": 5, "filter": "genre", "filterValues": {"GENRES": ["Comedy"]}}'`,
    '',
    `# Movies similar to movie ${EXAMPLE_ITEM_ID} (Toy Story)`,
    `curl -s '${apiUrl}/items/${EXAMPLE_ITEM_ID}/related?numResults=5'`,
    '',
    '# Rank a list of movies for the user',
    `curl -s -X POST '${apiUrl}/users/${EXAMPLE_USER_ID}/ranking' ${json} -d '{"itemIds": ["1", "260", "1196", "2571", "99999"]}'`,
    '',
    '# Record that the user watched a movie; the unwatched filter then leaves it out',
    `curl -s -X POST '${apiUrl}/users/${EXAMPLE_USER_ID}/events' ${json} -d '{"events": [{"eventType": "watch", "itemId": "318"}]}'`,
  ];
}

export function printExamples(apiUrl: string): void {
  console.log(`\nThe API is listening on ${apiUrl}. Try:\n`);
  for (const line of exampleRequests(apiUrl)) console.log(line.length === 0 ? '' : `  ${line}`);
  console.log('\nPress Ctrl-C to stop.\n');
}
