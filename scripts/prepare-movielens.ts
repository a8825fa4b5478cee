/**
 * Builds the bundled sample data in `data/movielens/` from the original MovieLens latest-small files.
 *
 * Usage: `npm run prepare-data -- <directory with ratings.csv and movies.csv> [output directory]`
 *
 * - Every rating becomes a `watch` interaction whose EVENT_VALUE is the rating (0.5 to 5), sorted by time.
 * - Items keep the title, take GENRES from the `|`-joined genre list (empty where MovieLens lists none) and YEAR from the
 *   title's trailing `(YYYY)` (empty where the title has none).
 * - MovieLens has no item creation time, so CREATION_TIMESTAMP is the item's first rating. Items never rated take the
 *   earliest rating time in the data, so that they count as old rather than new.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse } from 'csv-parse/sync';

interface Rating {
  readonly userId: string;
  readonly movieId: string;
  readonly rating: string;
  readonly timestamp: number;
}

function main(): void {
  const [sourceDir, outputArg] = process.argv.slice(2);
  if (sourceDir === undefined) {
    console.error('usage: npm run prepare-data -- <ml-latest-small directory> [output directory]');
    process.exit(2);
  }
  const outputDir = resolve(outputArg ?? join(__dirname, '..', 'data', 'movielens'));
  const ratings = readRatings(join(sourceDir, 'ratings.csv'));
  const movies = readCsv(join(sourceDir, 'movies.csv'));

  ratings.sort(
    (a, b) => a.timestamp - b.timestamp || Number(a.userId) - Number(b.userId) || Number(a.movieId) - Number(b.movieId),
  );
  const interactionLines = ['USER_ID,ITEM_ID,TIMESTAMP,EVENT_TYPE,EVENT_VALUE'];
  const firstRating = new Map<string, number>();
  for (const rating of ratings) {
    interactionLines.push(`${rating.userId},${rating.movieId},${rating.timestamp},watch,${rating.rating}`);
    if (!firstRating.has(rating.movieId)) firstRating.set(rating.movieId, rating.timestamp);
  }

  const earliest = ratings[0].timestamp;
  const itemLines = ['ITEM_ID,TITLE,GENRES,YEAR,CREATION_TIMESTAMP'];
  for (const [movieId, title, genres] of movies) {
    const year = /\((\d{4})\)\s*$/.exec(title)?.[1] ?? '';
    const genreList = genres === '(no genres listed)' ? '' : genres;
    const created = firstRating.get(movieId) ?? earliest;
    itemLines.push([movieId, quote(title), genreList, year, created].join(','));
  }

  writeFileSync(join(outputDir, 'interactions.csv'), interactionLines.join('\n') + '\n');
  writeFileSync(join(outputDir, 'items.csv'), itemLines.join('\n') + '\n');
  console.log(`wrote ${ratings.length} interactions and ${movies.length} items to ${outputDir}`);
}

function readCsv(path: string): string[][] {
  const rows = parse(readFileSync(path, 'utf8'), { skip_empty_lines: true }) as string[][];
  return rows.slice(1);
}

function readRatings(path: string): Rating[] {
  return readCsv(path).map(([userId, movieId, rating, timestamp]) => ({
    userId,
    movieId,
    rating: String(Number(rating)),
    timestamp: Number(timestamp),
  }));
}

/** Quotes a CSV field when it contains a comma, a quote or a line break. */
function quote(value: string): string {
  return /[",\n\r]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

main();
