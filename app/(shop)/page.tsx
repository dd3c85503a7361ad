export default function HomePage() {
  return <main>Storefront</main>;
}
