"""The pages served over real HTTP (`bench.served.run`): the production server (`heaolu serve`)
on the county demo and on a tenth of it, a load generator of logged-in clients, and the
targets each figure is held to (`bench.served.targets`)."""
