export default function Home() {
  return <p>Static next-auth v4 baseline for npm run bench.</p>;
}
