package model

// Sources are the organizations behind MedQuAD's twelve collections. The
// dataset names each by a key only; the names, addresses and
// descriptions here are the organizations' public self-descriptions.
var Sources = []Source{
	{"CancerGov", "National Cancer Institute", "NCI", "https://www.cancer.gov/", "The U.S. government's principal agency for cancer research and training, part of the National Institutes of Health.", KindGovernment},
	{"GARD", "Genetic and Rare Diseases Information Center", "GARD", "https://rarediseases.info.nih.gov/", "A program of the National Center for Advancing Translational Sciences that answers questions about genetic and rare diseases.", KindGovernment},
	{"GHR", "Genetics Home Reference", "GHR", "https://medlineplus.gov/genetics/", "The National Library of Medicine's consumer guide to genetic conditions and the genes behind them, now MedlinePlus Genetics.", KindGovernment},
	{"MPlusHealthTopics", "MedlinePlus Health Topics", "MedlinePlus", "https://medlineplus.gov/healthtopics.html", "Health topic summaries from MedlinePlus, the National Library of Medicine's consumer health website.", KindGovernment},
	{"NIDDK", "National Institute of Diabetes and Digestive and Kidney Diseases", "NIDDK", "https://www.niddk.nih.gov/", "The NIH institute for diabetes, digestive, kidney, urologic, blood, endocrine, metabolic and nutrition diseases.", KindGovernment},
	{"NINDS", "National Institute of Neurological Disorders and Stroke", "NINDS", "https://www.ninds.nih.gov/", "The NIH institute for research on the brain and nervous system and the burden of neurological disease.", KindGovernment},
	{"NIHSeniorHealth", "NIHSeniorHealth", "NIHSeniorHealth", "https://www.nia.nih.gov/health", "Health information for older adults from the National Institute on Aging and the National Library of Medicine.", KindGovernment},
	{"NHLBI", "National Heart, Lung, and Blood Institute", "NHLBI", "https://www.nhlbi.nih.gov/", "The NIH institute for heart, lung, blood and sleep disorders.", KindGovernment},
	{"CDC", "Centers for Disease Control and Prevention", "CDC", "https://www.cdc.gov/", "The U.S. national public health agency.", KindGovernment},
	{"ADAM", "A.D.A.M. Medical Encyclopedia", "A.D.A.M.", "https://medlineplus.gov/encyclopedia.html", "A medical encyclopedia by A.D.A.M., Inc., published on MedlinePlus under licence.", KindCommercial},
	{"MPlusDrugs", "MedlinePlus Drug Information", "MedlinePlus Drugs", "https://medlineplus.gov/druginformation.html", "Drug information on MedlinePlus, licensed from the American Society of Health-System Pharmacists.", KindGovernment},
	{"MPlusHerbsSupplements", "MedlinePlus Herbs and Supplements", "MedlinePlus Herbs", "https://medlineplus.gov/druginfo/herb_All.html", "Information on herbs and supplements on MedlinePlus, licensed from the Natural Medicines Comprehensive Database.", KindGovernment},
}

// LookupSource finds a known source by key.
func LookupSource(key string) (Source, bool) {
	for _, s := range Sources {
		if s.Key == key {
			return s, true
		}
	}
	return Source{}, false
}
