# Themes: after the ESSGLOBAL themes vocabulary (http://purl.org/essglobal/standard/themes/, RIPESS), labels revised and translated to Korean by Pumasi.
# SDGs: the 17 Sustainable Development Goals of the United Nations (short titles).

## Temas ESSGLOBAL
theme-t1 = Ciudades en transición y derecho a la vivienda
theme-t1-note = Integra la temática sobre la vivienda y la movilidad.
theme-t2 = Soberanía alimentaria y agricultura campesina
theme-t2-note = Integra la temática sobre la alimentación y la agricultura.
theme-t3 = Finanzas solidarias
theme-t3-note = Integra la temática sobre las finanzas.
theme-t4 = Conceptos y valores de la economía solidaria
theme-t4-note = Integra la temática sobre las economías.
theme-t5 = Medio ambiente y bienes comunes
theme-t5-note = Integra la temática sobre el medio ambiente, la energía y los bienes comunes.
theme-t6 = Políticas públicas
theme-t6-note = Integra la temática sobre las políticas públicas.
theme-t7 = Cultura y conocimiento libres
theme-t7-note = Integra la temática sobre la cultura y el conocimiento libres.
theme-t8 = Educación y asesoría popular
theme-t8-note = Integra la temática sobre la educación y el aprendizaje.
theme-t9 = Producción, comercialización y consumo solidarios y responsables
theme-t9-note = Integra la temática sobre la producción, el comercio y el consumo.
theme-t10 = Desarrollo territorial y buen vivir
theme-t10-note = Integra la temática sobre el desarrollo local y el bienestar.
theme-t11 = Cooperación internacional
theme-t11-note = Integra la temática sobre la cooperación internacional.
theme-t12 = Justicia e inserción social y lucha contra la pobreza
theme-t12-note = Integra la temática sobre la justicia social y la lucha contra la pobreza.
theme-t13 = Trabajo decente y digno, y autogestión
theme-t13-note = Integra la temática sobre el trabajo decente y la autogestión.
theme-t14 = Mujeres
theme-t14-note = Integra la temática sobre las mujeres.
theme-t15 = Redes y organización del movimiento de la ESS (nacional e internacional)
theme-t15-note = Integra la temática sobre el trabajo en red y los movimientos sociales.
theme-t16 = Tecnología e investigación
theme-t16-note = Integra la temática sobre la investigación y la tecnología.
theme-t17 = Pueblos y comunidades tradicionales y originarios
theme-t17-note = Integra la temática sobre los pueblos y comunidades indígenas.
theme-t18 = Comunicación e información alternativas
theme-t18-note = Integra la temática sobre la comunicación y la información.
theme-t19 = Otros temas
theme-t19-note = Integra otras cuestiones temáticas.

## Objetivos de Desarrollo Sostenible de las Naciones Unidas
sdg-1 = Fin de la pobreza
sdg-2 = Hambre cero
sdg-3 = Salud y bienestar
sdg-4 = Educación de calidad
sdg-5 = Igualdad de género
sdg-6 = Agua limpia y saneamiento
sdg-7 = Energía asequible y no contaminante
sdg-8 = Trabajo decente y crecimiento económico
sdg-9 = Industria, innovación e infraestructura
sdg-10 = Reducción de las desigualdades
sdg-11 = Ciudades y comunidades sostenibles
sdg-12 = Producción y consumo responsables
sdg-13 = Acción por el clima
sdg-14 = Vida submarina
sdg-15 = Vida de ecosistemas terrestres
sdg-16 = Paz, justicia e instituciones sólidas
sdg-17 = Alianzas para lograr los objetivos
