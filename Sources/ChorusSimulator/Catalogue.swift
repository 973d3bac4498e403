/// The scenario and variant names and the demo values are the catalogue's: whoever starts a simulator names them.
@_exported import ChorusSimulatorCatalogue
