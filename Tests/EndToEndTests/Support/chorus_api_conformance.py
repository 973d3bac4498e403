"""Drives the chorus-api package (PyPI) against `chorus-doctor sim`, through the package's own calls and parsing.

Usage: python chorus_api_conformance.py VALUES_JSON PHASE
VALUES_JSON holds what `sim` printed (token_url, api_base_url, client_id, client_secret, technical_login,
technical_password, siret) plus `buyer_siret` and, for the phase `after-restart`, `flow`.
Prints one line `OK <call>` per call that worked and, last, `RESULT <json>`; exits non-zero on the first failure.
"""
import base64
import csv
import io
import json
import sys
import time
import zipfile

import chorusapi.models.api as api_module
from chorusapi.client import ChorusAPI
from chorusapi.constants.syntax_flux_constant import SyntaxFlux

values = json.load(open(sys.argv[1], encoding="utf-8"))
phase = sys.argv[2]

INVOICE = """<?xml version="1.0" encoding="UTF-8"?>
<rsm:CrossIndustryInvoice xmlns:rsm="urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100"
 xmlns:ram="urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100"
 xmlns:udt="urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100">
 <rsm:ExchangedDocument><ram:ID>F-CONFORMANCE-001</ram:ID><ram:TypeCode>380</ram:TypeCode>
  <ram:IssueDateTime><udt:DateTimeString format="102">20260301</udt:DateTimeString></ram:IssueDateTime>
 </rsm:ExchangedDocument>
 <rsm:SupplyChainTradeTransaction>
  <ram:ApplicableHeaderTradeAgreement>
   <ram:SellerTradeParty><ram:Name>Seller</ram:Name>
    <ram:SpecifiedLegalOrganization><ram:ID schemeID="0009">{supplier}</ram:ID></ram:SpecifiedLegalOrganization>
   </ram:SellerTradeParty>
   <ram:BuyerTradeParty><ram:Name>Buyer</ram:Name>
    <ram:SpecifiedLegalOrganization><ram:ID schemeID="0009">{buyer}</ram:ID></ram:SpecifiedLegalOrganization>
   </ram:BuyerTradeParty>
  </ram:ApplicableHeaderTradeAgreement>
  <ram:ApplicableHeaderTradeSettlement><ram:InvoiceCurrencyCode>EUR</ram:InvoiceCurrencyCode>
   <ram:SpecifiedTradeSettlementHeaderMonetarySummation>
    <ram:TaxBasisTotalAmount>100.00</ram:TaxBasisTotalAmount><ram:GrandTotalAmount>120.00</ram:GrandTotalAmount>
    <ram:DuePayableAmount>120.00</ram:DuePayableAmount>
   </ram:SpecifiedTradeSettlementHeaderMonetarySummation>
  </ram:ApplicableHeaderTradeSettlement>
 </rsm:SupplyChainTradeTransaction>
</rsm:CrossIndustryInvoice>
"""

# The package's hosts are module constants read by API.__init__: point them at the simulator.
api_module.AUTH_SANDBOX_URL = values["token_url"]
api_module.API_SANDBOX_URL = values["api_base_url"].rstrip("/")

client = ChorusAPI(values["client_id"], values["client_secret"], values["technical_login"],
                   values["technical_password"], sandbox=True)
client.auth()
assert client.get_token(), "no token"
print("OK auth", flush=True)
result = {}


def wait_for(read, accept, seconds=20.0):
    deadline = time.time() + seconds
    while True:
        answer = read()
        if accept(answer) or time.time() > deadline:
            return answer
        time.sleep(0.25)


if phase == "after-restart":
    found = client.rechercher_facture(values["flow"])
    assert found.code_retour == 0, found.libelle
    assert [f.numero_flux_depot for f in found.liste_factures] == [values["flow"]], "flow's invoice lost"
    result["status"] = found.liste_factures[0].statut
    print("OK rechercher_facture", flush=True)
    print("RESULT " + json.dumps(result), flush=True)
    sys.exit(0)

health = client.health_check()
assert health.status_code == "OK" and health.status_code_value == 200 and health.body, vars(health)
print("OK health_check", flush=True)

currencies = client.devises()
assert currencies.code_retour == 0 and "EUR" in [d.code_devise for d in currencies.liste_devises], vars(currencies)
print("OK devises", flush=True)

directory = client.annuaire_destinataire()
assert directory.code_retour == 0 and directory.fichier_resultat, vars(directory)
archive = zipfile.ZipFile(io.BytesIO(base64.b64decode(directory.fichier_resultat)))
rows = list(csv.reader(io.StringIO(archive.read(archive.namelist()[0]).decode("utf-8")), delimiter=";"))
assert values["buyer_siret"] in [row[0] for row in rows[1:]], "buyer missing from the directory"
print("OK annuaire_destinataire", flush=True)

siret = client.information_siret(values["siret"])
assert siret.code_retour is not None, vars(siret)
result["information_siret"] = siret.code_retour
print("OK information_siret", flush=True)

structures = client.rechercher_structure(values["buyer_siret"])
assert structures.code_retour == 0 and len(structures.liste_structures) == 1, vars(structures)
buyer = structures.liste_structures[0]
assert buyer.identifiant_structure == values["buyer_siret"] and buyer.id_structure_cpp
print("OK rechercher_structure", flush=True)

services = client.rechercher_services(buyer.id_structure_cpp)
assert services.code_retour == 0 and services.liste_structures, vars(services)
assert all(s.code_service and s.id_service for s in services.liste_structures)
print("OK rechercher_services", flush=True)

structure = client.consulter_structure(buyer.id_structure_cpp)
assert structure.code_retour == 0, structure.libelle
assert structure.information_generales.identifiant_structure == values["buyer_siret"]
assert structure.parametres.code_service_doit_etre_renseigne is False
assert structure.adresse_postale_du_siege.ville
print("OK consulter_structure", flush=True)

xml = INVOICE.format(supplier=values["siret"], buyer=values["buyer_siret"])
encoded = base64.b64encode(xml.encode("utf-8")).decode("ascii")
deposit = client.deposer_flux(encoded, "facture-conformance.xml", syntaxe_flux=SyntaxFlux.IN_DP_E1_CII_16B)
assert deposit.code_retour == 0 and deposit.numero_flux_depot, vars(deposit)
assert deposit.syntaxe_flux == SyntaxFlux.IN_DP_E1_CII_16B and deposit.date_depot
flow = deposit.numero_flux_depot
result["flow"] = flow
print("OK deposer_flux", flush=True)

detailed = wait_for(lambda: client.consulter_cr_detaille(flow),
                    lambda answer: answer.etat_courant_depot_flux == "IN_INTEGRE")
assert detailed.code_retour == 0 and detailed.etat_courant_depot_flux == "IN_INTEGRE", vars(detailed)
assert detailed.liste_erreur_dp == [] and detailed.liste_erreur_technique == []
print("OK consulter_cr_detaille", flush=True)

report = client.consulter_cr(flow)
assert report.code_retour == 0 and report.etat_courant_flux == "IN_INTEGRE", vars(report)
assert report.numero_flux_depot == flow and report.nom_fichier_flux == "facture-conformance.xml"
assert base64.b64decode(report.fichier_cr).startswith(b"%PDF")
print("OK consulter_cr", flush=True)

invoices = wait_for(lambda: client.rechercher_facture(flow), lambda answer: len(answer.liste_factures) == 1)
assert invoices.code_retour == 0 and len(invoices.liste_factures) == 1, vars(invoices)
invoice = invoices.liste_factures[0]
assert invoice.numero_flux_depot == flow and invoice.numero_facture == "F-CONFORMANCE-001"
assert invoice.identifiant_facture_cpp and invoice.code_destinataire == values["buyer_siret"]
first = invoice.statut
later = wait_for(lambda: client.rechercher_facture(flow).liste_factures[0].statut,
                 lambda status: status == "MISE_EN_PAIEMENT")
assert later == "MISE_EN_PAIEMENT" and later != first, (first, later)
result["statuses"] = [first, later]
print("OK rechercher_facture", flush=True)

print("RESULT " + json.dumps(result), flush=True)
