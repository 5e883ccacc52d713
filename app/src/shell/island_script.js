// Leptos 0.8's island hydration script (leptos/src/hydration/island_script.js, MIT),
// changed in one way: it gives the main thread back (`yieldToMain`) after the wasm starts
// and before each island, so hydration is many short tasks instead of one long one that
// holds a tap on a cheap phone (Lighthouse's Total Blocking Time). `shell::hydration`
// emits it with its own resource hints (see there for why).
((root, pkg_path, output_name, wasm_output_name) => {
	let MOST_RECENT_CHILDREN_CB = [];
	const yieldToMain = () =>
		globalThis.scheduler && typeof globalThis.scheduler.yield === "function"
			? globalThis.scheduler.yield()
			: new Promise((resolve) => setTimeout(resolve, 0));

	function idle(c) {
		if ("requestIdleCallback" in window) {
			window.requestIdleCallback(c);
		} else {
			c();
		}
	}
	async function hydrateIslands(rootNode, mod) {
		async function traverse(node) {
			if (node.nodeType === Node.ELEMENT_NODE) {
				const tag = node.tagName.toLowerCase();
				if(tag === 'leptos-island') {
					const children = [];
					const id = node.dataset.component || null;

					await yieldToMain();
					await hydrateIsland(node, id, mod);
					
					for(const child of node.children) {
						await traverse(child, children);
					}
				} else {
					if (tag === 'leptos-children') {
						MOST_RECENT_CHILDREN_CB.push(node.$$on_hydrate);
						for(const child of node.children) {
							await traverse(child);
						};
						// un-set the "most recent children"
						MOST_RECENT_CHILDREN_CB.pop();
					} else {
						for(const child of node.children) {
							await traverse(child);
						};
					}
				}
			}
		}

		await traverse(rootNode);
	}
	async function hydrateIsland(el, id, mod) {
		const islandFn = mod[id];
		if (islandFn) {
			const children_cb = MOST_RECENT_CHILDREN_CB[MOST_RECENT_CHILDREN_CB.length-1];
			if (children_cb) {
				children_cb();
			}
			const res = islandFn(el);
			if (res && res.then) {
				await res;
			}
		} else {
			console.warn(`Could not find WASM function for the island ${id}.`);
		}
	}
	idle(() => {
		import(`${root}/${pkg_path}/${output_name}.js`)
			.then(mod => {
				mod.default({module_or_path: `${root}/${pkg_path}/${wasm_output_name}.wasm`}).then(async () => {
					await yieldToMain();
					mod.hydrate();
					await hydrateIslands(document.body, mod);
					// Every island of the page now answers taps (the tests wait for this).
					document.documentElement.setAttribute("data-islands", "hydrated");
				});

				window.__hydrateIsland = (el, id) => hydrateIsland(el, id, mod);
			})
	});
})
