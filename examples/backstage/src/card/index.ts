/** The frontend half: add `<EntityCaravanCard />` to the entity page (see the README). */
export { CARAVAN_TEMPLATE_ANNOTATION, EntityCaravanCard, isCaravanAvailable } from './EntityCaravanCard.js';
