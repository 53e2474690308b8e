"""The language layer: spaCy sentences and entities, actors, dates, quantities, attribution."""
