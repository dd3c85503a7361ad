export async function seedDemoData(_url: string, _o: { force: boolean }) { return "todo"; }
